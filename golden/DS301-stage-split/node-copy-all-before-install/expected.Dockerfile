FROM node:16 AS builder
WORKDIR /app
COPY . .
RUN npm install --omit=dev

FROM node:16
WORKDIR /app
COPY . .
COPY --from=builder /app/node_modules ./node_modules
EXPOSE 3000
CMD ["npm", "start"]
