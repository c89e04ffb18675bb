FROM debian:bookworm
ARG WITH_DEBUG=0
RUN if [ "$WITH_DEBUG" = 1 ]; then \
        apt-get update && apt-get install -y --no-install-recommends gdb; \
    fi && \
    rm -rf /var/lib/apt/lists/*
