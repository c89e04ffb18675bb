FROM node:20-slim
COPY --chown=node:0 --from=build /src/dist/server.js /srv/web/server.js
RUN chown node /srv/web \
    && npm install --global pm2
CMD ["pm2-runtime", "/srv/web/server.js"]
