FROM node:20
WORKDIR /app
COPY . .
RUN npm ci && npm test
RUN npm run build
CMD ["node", "dist/server.js"]
