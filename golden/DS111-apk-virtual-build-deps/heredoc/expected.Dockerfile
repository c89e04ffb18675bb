# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN <<EOF
set -eux
apk add --no-cache --virtual .build-deps make g++
apk add --no-cache python3
npm ci --omit=dev
apk del .build-deps
EOF
COPY . .
CMD ["node", "server.js"]
