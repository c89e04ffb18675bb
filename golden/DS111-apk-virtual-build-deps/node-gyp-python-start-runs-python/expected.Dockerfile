FROM node:20-alpine
WORKDIR /app
COPY package.json ./
RUN apk add --no-cache --virtual .build-deps make g++ && apk add --no-cache python3 && npm install && apk del .build-deps
COPY . .
CMD ["npm", "start"]
