# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv
python3 -m venv /opt/venv
rm -rf /var/lib/apt/lists/*
EOF
