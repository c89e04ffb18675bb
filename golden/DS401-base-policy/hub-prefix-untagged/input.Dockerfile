FROM docker.io/library/node
COPY server.js /srv/
CMD ["node", "/srv/server.js"]
