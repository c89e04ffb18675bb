FROM node:14 AS builder
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install --production

FROM node:14
WORKDIR /usr/src/app
COPY package*.json ./
COPY --from=builder /usr/src/app/node_modules ./node_modules
COPY . .
CMD [ "node", "index.js" ]
