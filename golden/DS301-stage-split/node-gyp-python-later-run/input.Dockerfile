FROM node:20-alpine
RUN apk add --no-cache python3 make g++
WORKDIR /app
COPY package.json ./
RUN npm install
COPY . .
RUN python3 scripts/build_assets.py
CMD ["node", "server.js"]
