# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOF
set -eux
apk update && apk add curl
# tools
apk add \
  git
rm -rf /var/cache/apk/* /tmp/build
EOF
