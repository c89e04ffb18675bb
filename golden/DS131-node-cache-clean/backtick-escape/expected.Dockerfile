# escape=`
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci `
    && npm run build `
    && npm cache clean --force
