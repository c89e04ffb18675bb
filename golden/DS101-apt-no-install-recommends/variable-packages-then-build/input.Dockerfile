FROM debian:bookworm
ARG BUILD_DEPS="gcc make"
RUN set -eux; \
    apt-get update; \
    apt-get install -y $BUILD_DEPS; \
    make -C /src; \
    rm -rf /var/lib/apt/lists/*
