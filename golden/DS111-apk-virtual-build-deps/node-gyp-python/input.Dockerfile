FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
# node-gyp builds bcrypt's addon: no prebuilt binary for musl
RUN apk add --no-cache python3 make g++ tzdata && npm ci --omit=dev
COPY . .
CMD ["npm", "start"]
