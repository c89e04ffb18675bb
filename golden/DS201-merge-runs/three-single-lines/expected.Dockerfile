FROM node:20-slim
WORKDIR /app
RUN npm install -g pnpm && \
    pnpm --version && \
    corepack enable
