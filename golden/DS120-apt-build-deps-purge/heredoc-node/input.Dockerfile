# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends python3 make g++
npm ci --omit=dev
rm -rf /var/lib/apt/lists/*
EOF
COPY . .
CMD ["node", "server.js"]
