FROM node:20 AS builder

# node-gyp needs python3, make and a C++ compiler for bcrypt
RUN apt-get update && apt-get install -y \
    python3 \
    make \
    g++ \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
RUN npm install --omit=dev

FROM node:20-slim

WORKDIR /home/node/app
COPY --chown=node:node package*.json ./
USER node
COPY --chown=node --from=builder /home/node/app/node_modules ./node_modules
COPY --chown=node:node . .
EXPOSE 8080
CMD ["node", "index.js"]
