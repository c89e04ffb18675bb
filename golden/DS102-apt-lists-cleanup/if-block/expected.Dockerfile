FROM debian:bookworm
ARG WITH_DEBUG=0
RUN set -eux; \
    if [ "$WITH_DEBUG" = 1 ]; then \
        apt-get update; \
        apt-get install -y --no-install-recommends gdb strace; \
    fi; \
    rm -rf /var/lib/apt/lists/*
