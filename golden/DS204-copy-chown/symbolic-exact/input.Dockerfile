# syntax=docker/dockerfile:1
FROM python:3.12-slim
COPY docker-entrypoint.sh /docker-entrypoint.sh
RUN chmod u=rwx,go=rx /docker-entrypoint.sh
ENTRYPOINT ["/docker-entrypoint.sh"]
