FROM debian:bookworm-slim
RUN mkdir -p /srv/data && echo seed > /srv/data/seed.txt
COPY fixtures/ /srv/data/
RUN chown -R 1000:1000 /srv/data
