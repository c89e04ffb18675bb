# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -eu
apt-get update
apt-get install -y --no-install-recommends python3
rm -rf /var/lib/apt/lists/*
EOF
