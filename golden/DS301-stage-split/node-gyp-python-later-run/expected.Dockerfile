FROM node:20-alpine AS builder
RUN apk add --no-cache python3 make g++
WORKDIR /app
COPY package.json ./
RUN npm install --omit=dev

FROM node:20-alpine
RUN apk add --no-cache python3
WORKDIR /app
COPY package.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY . .
RUN python3 scripts/build_assets.py
CMD ["node", "server.js"]
