FROM ubuntu:22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
USER app
RUN sudo rm -rf /var/lib/apt/lists/*
