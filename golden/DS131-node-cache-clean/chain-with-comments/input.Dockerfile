FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm install -g pnpm@9 && \
    # dependencies of the build
    npm install && \
    # the production bundle
    npm run build
