# syntax=docker/dockerfile:1
FROM node:20
WORKDIR /app
COPY . .
# no `set -e`: the cleanup joins the last line with `&&`
RUN <<EOF
npm ci
npm run build   # the bundle
EOF
# `bash -e` runs the body: the cleanup takes a line of its own
RUN <<EOF bash -e
npm ci --omit=dev
EOF
