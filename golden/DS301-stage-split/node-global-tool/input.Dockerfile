FROM node:18
RUN npm install -g pm2
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["pm2-runtime", "server.js"]
