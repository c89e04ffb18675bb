FROM debian:bookworm
ARG WITH_DEBUG=0
RUN apt-get update
RUN if [ "$WITH_DEBUG" = 1 ]; then \
        apt-get install -y gdb; \
    fi
