FROM node:20-slim
WORKDIR /app
RUN npm install -g pnpm
RUN pnpm --version
RUN corepack enable
