FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
RUN npm install -g jest
COPY . .
