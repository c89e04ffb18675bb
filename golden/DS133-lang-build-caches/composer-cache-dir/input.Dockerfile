FROM php:8.3-cli
ENV COMPOSER_CACHE_DIR=/dev/null
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /app
COPY . .
RUN composer install --no-dev
