FROM node:20-bookworm AS builder
WORKDIR /srv
COPY package.json yarn.lock ./
RUN yarn --production && yarn cache clean

FROM node:20-bookworm
WORKDIR /srv
COPY package.json yarn.lock ./
COPY --from=builder /srv/node_modules ./node_modules
COPY index.js ./
USER node
CMD ["yarn", "start"]
