FROM node:20
WORKDIR /app
COPY . .
RUN npm run build
RUN npm ci
CMD ["node", "dist/server.js"]
