FROM node:18-bookworm AS builder
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
RUN npm install --production

FROM node:18-bookworm
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY src ./src
CMD ["node", "src/index.js"]
