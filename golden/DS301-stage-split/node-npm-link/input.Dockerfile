FROM node:18
WORKDIR /app
COPY . .
RUN npm ci
RUN npm link
CMD ["my-cli", "serve"]
