# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOF
set -e
apk update
apk add jq yq
rm -rf /var/cache/apk/*
EOF
