FROM node:18-bullseye-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 build-essential && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY package.json ./
RUN npm install
COPY . .
CMD ["npm", "start"]
