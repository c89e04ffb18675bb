FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
RUN npm install -g mocha
COPY . .
CMD npm run test:ci
