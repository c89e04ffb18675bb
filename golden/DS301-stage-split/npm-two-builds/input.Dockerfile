FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:server
RUN npm run build:client
CMD ["node", "dist/server.js"]
