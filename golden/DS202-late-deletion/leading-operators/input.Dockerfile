FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci \
    && npm run build
COPY . .
RUN npm cache clean --force
