FROM composer:2
WORKDIR /app
COPY . .
RUN set -eux; \
    composer install --no-dev --prefer-dist; \
    composer clear-cache
