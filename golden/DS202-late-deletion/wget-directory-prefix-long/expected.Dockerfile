FROM debian:bookworm
RUN wget --quiet --directory-prefix=/var/cache/downloads https://example.net/files/dataset-2024.zip \
 && unzip -q /var/cache/downloads/dataset-2024.zip -d /srv/data \
 && rm -rf /var/cache/downloads/*
