FROM node:20-bookworm AS deps
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY --from=deps /srv/node_modules ./node_modules
COPY . .
USER node
CMD ["node", "server.js"]
