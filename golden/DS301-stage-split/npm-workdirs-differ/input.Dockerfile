FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
WORKDIR /app/web
RUN npm run build
CMD ["node", "dist/server.js"]
