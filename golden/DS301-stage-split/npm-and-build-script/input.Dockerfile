FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
RUN ./scripts/bundle.sh
CMD ["node", "dist/server.js"]
