FROM node:20-alpine3.19 AS builder
RUN apk add --no-cache python3 make g++ postgresql-dev
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-alpine3.19
RUN apk add --no-cache libpq
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY . .
CMD ["node", "index.js"]
