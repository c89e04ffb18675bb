FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM nginx:1.25-alpine
COPY --from=build /src/dist /srv/site
# nginx runs as nginx
RUN chown -R nginx:nginx /srv/site
