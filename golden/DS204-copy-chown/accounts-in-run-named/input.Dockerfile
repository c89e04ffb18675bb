FROM node:20-slim
COPY dist /srv/site
RUN adduser --system --group web && chown -R web:web /srv/site
USER web
CMD ["node", "/srv/site/server.js"]
