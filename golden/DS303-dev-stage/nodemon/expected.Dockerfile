FROM node:20-slim AS runtime
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]

FROM runtime AS dev
RUN npm install -g nodemon

FROM runtime
