FROM node:18-bookworm
WORKDIR /srv/app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "render.js"]
