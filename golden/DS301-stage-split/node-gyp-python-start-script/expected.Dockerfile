FROM node:18-bullseye-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends python3 build-essential && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY package.json ./
RUN npm install --omit=dev

FROM node:18-bullseye-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY package.json ./
COPY --from=builder /srv/node_modules ./node_modules
COPY . .
CMD ["npm", "start"]
