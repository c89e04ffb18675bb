FROM debian:bookworm-slim
RUN mkdir -p /srv/data && echo seed > /srv/data/seed.txt
COPY --chown=1000:1000 fixtures/ /srv/data/
