FROM node:20-bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/app
COPY package*.json ./
# dependencies and the TypeScript build
RUN npm ci && npm run build:prod && npm cache clean --force
COPY public ./public
CMD node build/index.js
