FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM nginx:1.25-alpine
# nginx runs as nginx
COPY --chown=nginx:nginx --from=build /src/dist /srv/site
