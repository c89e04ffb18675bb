FROM node:20-alpine
COPY --chown=node:0 package.json /home/node/app/package.json
