FROM node:20-bookworm-slim AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/app
COPY package*.json ./
# dependencies and the TypeScript build
RUN npm ci && npm run build:prod && npm cache clean --force
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /usr/src/app
COPY package*.json ./
COPY --from=builder /usr/src/app/node_modules ./node_modules
COPY --from=builder /usr/src/app/build ./build
COPY public ./public
CMD node build/index.js
