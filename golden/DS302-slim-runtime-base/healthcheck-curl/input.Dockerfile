FROM node:20 AS builder
WORKDIR /app
COPY . .
RUN npm ci && npm run build
FROM node:20
WORKDIR /app
COPY --from=builder /app/dist ./dist
HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1
CMD ["node", "dist/main.js"]
