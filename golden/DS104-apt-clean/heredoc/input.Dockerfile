# syntax=docker/dockerfile:1
FROM registry.example.com/base/debian:12
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends python3
rm -rf /var/lib/apt/lists/*
EOF
