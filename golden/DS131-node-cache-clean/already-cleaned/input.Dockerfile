FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci && npm cache clean --force
RUN npm install -g serve && rm -rf /root/.npm
