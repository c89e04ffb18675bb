FROM node:20-alpine
# build tools for the native addons
RUN apk add --no-cache python3 make g++
WORKDIR /app
COPY package.json ./
RUN npm install
COPY . .
CMD ["sh", "-c", "python3 tools/migrate.py && node server.js"]
