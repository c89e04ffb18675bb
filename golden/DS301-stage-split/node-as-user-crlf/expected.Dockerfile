FROM node:20 AS builder
WORKDIR /home/node/app
COPY --chown=node package*.json ./
RUN npm install
COPY --chown=node . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:20
USER node
WORKDIR /home/node/app
COPY --chown=node package*.json ./
COPY --chown=node --from=builder /home/node/app/node_modules ./node_modules
COPY --chown=node . .
COPY --chown=node --from=builder /home/node/app/out ./out
CMD ["node", "./out/index.js"]
