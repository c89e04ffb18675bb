FROM node:20-slim
COPY dist /srv/site
RUN groupadd -g 1001 web \
    && useradd -u 1001 -g web web \
    && chown -R 1001:1001 /srv/site
USER 1001
CMD ["node", "/srv/site/server.js"]
