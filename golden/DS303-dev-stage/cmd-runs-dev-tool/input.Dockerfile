FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
RUN npm install -g nodemon
COPY . .
CMD ["nodemon", "--legacy-watch", "server.js"]
