FROM node:20-bookworm
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx tsx scripts/generate-routes.ts
RUN npm run build
CMD ["node", "dist/server.js"]
