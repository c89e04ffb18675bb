FROM php:8.3-apache
RUN apt-get update && apt-get install -y libpq-dev libpq5 && docker-php-ext-install pdo pdo_pgsql && apt-mark auto libpq-dev && apt-get autoremove -y --purge && rm -rf /var/lib/apt/lists/*
