FROM node:20-bookworm
WORKDIR /srv
COPY package.json yarn.lock ./
RUN yarn && yarn cache clean
COPY index.js ./
USER node
CMD ["yarn", "start"]
