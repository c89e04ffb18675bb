FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
