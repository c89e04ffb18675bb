FROM node:18-bookworm
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
RUN npm install --production
COPY src ./src
CMD ["node", "src/index.js"]
