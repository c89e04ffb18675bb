FROM quay.io/example/runner:latest
ARG WITH_DEBUG=0
RUN apt-get update && \
    if [ "$WITH_DEBUG" = 1 ]; then \
        apt-get install -y --no-install-recommends gdb; \
    fi
