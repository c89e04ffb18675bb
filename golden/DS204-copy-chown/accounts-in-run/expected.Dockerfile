FROM node:20-slim
COPY --chown=1001:1001 dist /srv/site
RUN groupadd -g 1001 web \
    && useradd -u 1001 -g web web
USER 1001
CMD ["node", "/srv/site/server.js"]
