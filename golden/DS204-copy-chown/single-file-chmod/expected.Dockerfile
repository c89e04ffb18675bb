# syntax=docker/dockerfile:1
FROM alpine:3.19
COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
