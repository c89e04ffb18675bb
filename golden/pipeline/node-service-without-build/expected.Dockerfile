FROM node:14 AS builder

# the app folder
WORKDIR /usr/src/app

# dependencies first, so source changes reuse the install layer
COPY package*.json ./
RUN npm install --production

FROM node:14-slim

# the app folder
WORKDIR /usr/src/app

# dependencies first, so source changes reuse the install layer
COPY package*.json ./
COPY --from=builder /usr/src/app/node_modules ./node_modules

# the source
COPY . .

EXPOSE 8080
CMD [ "node", "server.js" ]
