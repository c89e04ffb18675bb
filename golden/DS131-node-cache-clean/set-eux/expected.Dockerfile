FROM node:20
WORKDIR /app
COPY . .
RUN set -eux; \
    npm install -g pm2; \
    # the application itself
    npm ci; \
    npm cache clean --force
