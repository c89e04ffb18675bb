FROM node:20-alpine
ARG NODE_ENV=production
WORKDIR /app
COPY . .
RUN set -eu; \
    if [ "$NODE_ENV" = "production" ]; then \
        npm ci --omit=dev; \
    else \
        npm ci; \
    fi; \
    npm cache clean --force
