FROM debian:bookworm
ARG WITH_DEBUG=0
RUN apt-get update && \
    if [ "$WITH_DEBUG" = 1 ]; then \
        apt-get install --no-install-recommends --yes gdb strace; \
    else \
        apt-get install --no-install-recommends --yes procps; \
    fi && \
    rm -rf /var/lib/apt/lists/*
