FROM node:20
USER node
WORKDIR /home/node/app
COPY --chown=node package*.json ./
RUN npm install
COPY --chown=node . .
RUN npm run build
CMD ["node", "./out/index.js"]
