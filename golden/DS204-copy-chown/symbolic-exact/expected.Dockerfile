# syntax=docker/dockerfile:1
FROM python:3.12-slim
COPY --chmod=755 docker-entrypoint.sh /docker-entrypoint.sh
ENTRYPOINT ["/docker-entrypoint.sh"]
