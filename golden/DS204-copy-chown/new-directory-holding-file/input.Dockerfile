FROM node:20-slim
COPY --from=build /src/dist/server.js /srv/web/server.js
RUN chown -R node /srv/web \
    && npm install --global pm2
CMD ["pm2-runtime", "/srv/web/server.js"]
