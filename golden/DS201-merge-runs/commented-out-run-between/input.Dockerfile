FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci && npm run build
#RUN npm test
RUN rm -rf /app/src
