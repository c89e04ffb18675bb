FROM php:8.3-fpm-alpine
# PostgreSQL driver
RUN apk add --no-cache postgresql-dev \
    && docker-php-ext-install pdo_pgsql \
    && rm -rf /tmp/pear
