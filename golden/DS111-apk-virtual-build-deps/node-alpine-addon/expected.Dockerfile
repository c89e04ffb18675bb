FROM node:20-alpine
WORKDIR /app
COPY package*.json ./
RUN apk add --no-cache --virtual .build-deps make g++ && apk add --no-cache python3 && npm ci --omit=dev && apk del .build-deps
COPY . .
CMD ["node", "server.js"]
