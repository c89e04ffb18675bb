# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOT
set -eux
apt-get update
apt-get install -y --no-install-recommends python3
rm -rf /var/lib/apt/lists/* /var/cache/apt/*
EOT
ENV PYTHONUNBUFFERED=1
