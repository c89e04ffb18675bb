FROM node:20-alpine
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci
