FROM node:20 AS builder

RUN apt-get update && apt-get install -y \
    python3 \
    python-is-python3 \
    make \
    g++ \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /home/node/app
COPY package*.json ./
RUN npm install --omit=dev

FROM node:20

WORKDIR /home/node/app
COPY package*.json ./
COPY --from=builder /home/node/app/node_modules ./node_modules
COPY . .
EXPOSE 3000
CMD ["npm", "start"]
