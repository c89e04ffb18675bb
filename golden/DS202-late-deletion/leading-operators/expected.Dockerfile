FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci \
    && npm run build \
    && npm cache clean --force
COPY . .
