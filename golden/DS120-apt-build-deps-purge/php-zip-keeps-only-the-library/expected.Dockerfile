FROM php:8.3-fpm
RUN apt-get update && apt-get install -y --no-install-recommends \
        unzip \
        libzip-dev \
        libzip5 \
    && docker-php-ext-install zip pdo_mysql \
    && apt-mark auto libzip-dev \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /var/www/html
