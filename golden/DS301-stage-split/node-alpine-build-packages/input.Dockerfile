FROM node:20-alpine3.19
RUN apk add --no-cache python3 make g++ postgresql-dev
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "index.js"]
