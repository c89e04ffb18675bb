FROM node:20-alpine
COPY --chown=node:0 --link package.json /home/node/app/package.json
