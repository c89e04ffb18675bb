# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOF
set -eux
apk add --no-cache curl
rm -rf /tmp/build
# tools
apk add --no-cache \
  git
EOF
