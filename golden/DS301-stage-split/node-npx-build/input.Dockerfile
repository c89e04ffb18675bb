FROM node:20-bookworm
WORKDIR /usr/src/api
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# compile the Nest application into dist/
RUN npx nest build
EXPOSE 3000
CMD ["node", "dist/main.js"]
