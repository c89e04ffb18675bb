FROM node:20-bookworm AS builder
WORKDIR /usr/src/api
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# compile the Nest application into dist/
RUN npx nest build
RUN npm prune --omit=dev

FROM node:20-bookworm
WORKDIR /usr/src/api
COPY package.json package-lock.json ./
COPY --from=builder /usr/src/api/node_modules ./node_modules
COPY . .
COPY --from=builder /usr/src/api/dist ./dist
EXPOSE 3000
CMD ["node", "dist/main.js"]
