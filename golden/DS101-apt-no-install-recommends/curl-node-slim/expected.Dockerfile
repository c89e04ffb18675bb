FROM node:20-bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates
HEALTHCHECK CMD curl -fsS https://localhost:8443/health || exit 1
