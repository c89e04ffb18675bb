# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN <<EOT
set -e
apt-get update
apt-get install -y curl
EOT
RUN <<EOT bash
echo "second"
EOT
