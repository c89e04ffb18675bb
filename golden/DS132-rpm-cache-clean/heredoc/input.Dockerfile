# syntax=docker/dockerfile:1
FROM fedora:40
RUN <<EOF
set -e
dnf install -y python3-pip
pip3 --version
EOF
