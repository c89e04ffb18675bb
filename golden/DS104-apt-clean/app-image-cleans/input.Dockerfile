FROM wordpress:php8.3-apache AS blog
RUN apt-get update && apt-get install -y --no-install-recommends less && rm -rf /var/lib/apt/lists/*
FROM drupal:11-apache-bookworm AS site
RUN apt-get update && apt-get install -y --no-install-recommends unzip
FROM nextcloud:30
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg
