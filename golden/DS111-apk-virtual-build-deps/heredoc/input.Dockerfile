# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN <<EOF
set -eux
apk add --no-cache python3 make g++
npm ci --omit=dev
EOF
COPY . .
CMD ["node", "server.js"]
