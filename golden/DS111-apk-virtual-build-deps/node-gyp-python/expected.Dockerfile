FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
# node-gyp builds bcrypt's addon: no prebuilt binary for musl
RUN apk add --no-cache --virtual .build-deps python3 make g++ && apk add --no-cache tzdata && npm ci --omit=dev && apk del .build-deps
COPY . .
CMD ["npm", "start"]
