FROM node:20-alpine
COPY package.json /home/node/app/package.json
RUN sudo chown node /home/node/app/package.json
