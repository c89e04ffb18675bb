FROM registry.example.com/base/ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends nginx
