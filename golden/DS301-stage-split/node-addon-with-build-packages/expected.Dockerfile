FROM node:20-bookworm-slim AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ libpq-dev unixodbc-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 libodbc2 libodbccr2 libodbcinst2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY . .
USER node
CMD ["node", "index.js"]
