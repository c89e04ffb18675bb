FROM node:14

# the app folder
WORKDIR /usr/src/app

# dependencies first, so source changes reuse the install layer
COPY package*.json ./
RUN npm install

# the source
COPY . .

EXPOSE 8080
CMD [ "node", "server.js" ]
