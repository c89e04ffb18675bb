FROM node:18 AS builder
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --production --frozen-lockfile

FROM node:18
WORKDIR /app
COPY package.json yarn.lock ./
COPY --from=builder /app/node_modules ./node_modules
COPY . .
CMD ["node", "server.js"]
