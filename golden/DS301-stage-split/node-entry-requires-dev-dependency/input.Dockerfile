FROM node:18
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
EXPOSE 8080
CMD ["npm", "start"]
