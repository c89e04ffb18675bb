FROM debian:bookworm-slim
COPY app/ /srv/app/
WORKDIR /srv/app/data
RUN chown -R 1000:1000 /srv/app
