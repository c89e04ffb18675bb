FROM node:20
WORKDIR /app
COPY . .
RUN npm ci && node scripts/postinstall.js
RUN npm run build
CMD ["node", "dist/server.js"]
