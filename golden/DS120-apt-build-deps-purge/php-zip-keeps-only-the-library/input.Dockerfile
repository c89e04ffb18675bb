FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends \
        unzip \
        libzip-dev \
    && docker-php-ext-install zip pdo_mysql \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /var/www/html
