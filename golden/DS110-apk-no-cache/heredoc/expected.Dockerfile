# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOF
set -e
apk add --no-cache jq yq
EOF
