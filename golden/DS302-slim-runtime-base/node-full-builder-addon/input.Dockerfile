FROM node:20-bookworm AS deps
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm
WORKDIR /srv
COPY --from=deps /srv/node_modules ./node_modules
COPY . .
USER node
CMD ["node", "server.js"]
