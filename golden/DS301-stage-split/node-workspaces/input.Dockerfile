FROM node:18
WORKDIR /repo
COPY . .
RUN npm ci
CMD ["node", "packages/api/index.js"]
