FROM node:20-slim
COPY --from=ghcr.io/example/cli:1 /usr/bin/cli /usr/local/bin/cli
USER node
RUN chmod 755 /usr/local/bin/cli
