FROM node:18-bookworm AS builder
WORKDIR /srv/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:18-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libcairo-gobject2 libcairo-script-interpreter2 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0 libpangoxft-1.0-0 libjpeg62-turbo libgif7 librsvg2-2 librsvg2-common && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY package.json package-lock.json ./
COPY --from=builder /srv/app/node_modules ./node_modules
COPY . .
CMD ["node", "render.js"]
