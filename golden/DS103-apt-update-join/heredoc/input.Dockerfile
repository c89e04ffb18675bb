# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN apt-get update
RUN <<EOF
set -eu
apt-get install -y --no-install-recommends python3
rm -rf /var/lib/apt/lists/*
EOF
