FROM registry.example.com/base/debian:12
RUN apt-get update && \
    apt-get install -y --no-install-recommends git && \
    apt-get clean
