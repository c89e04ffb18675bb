FROM node:20
WORKDIR /app
COPY . .
RUN npm install typescript
RUN npm run build
CMD ["node", "dist/server.js"]
