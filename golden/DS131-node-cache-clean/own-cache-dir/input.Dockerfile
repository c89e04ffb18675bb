FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci --cache /tmp/npm-cache && rm -rf /tmp/npm-cache
