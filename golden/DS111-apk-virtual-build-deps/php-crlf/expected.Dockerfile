FROM php:8.3-fpm-alpine
# PostgreSQL driver
RUN apk add --no-cache --virtual .build-deps postgresql-dev \
    && apk add --no-cache libpq \
    && docker-php-ext-install pdo_pgsql \
    && apk del .build-deps \
    && rm -rf /tmp/pear
