# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOF
set -eux
apk update && apk add curl
rm -rf /var/cache/apk/* /tmp/build
# tools
apk add \
  git
EOF
