# syntax=docker/dockerfile:1
FROM ubuntu:24.04
RUN <<EOF
set -e
apt-get update
apt-get install -y python3 python3-venv
rm -rf /var/lib/apt/lists/*
EOF
RUN <<EOF python3
import subprocess
subprocess.run(["apt-get", "install", "-y", "jq"])
EOF
