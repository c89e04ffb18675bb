FROM docker.io/library/node:20
COPY server.js /srv/
CMD ["node", "/srv/server.js"]
