FROM php:8.3-apache
RUN apt-get update && apt-get install -y --no-install-recommends sudo unzip && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
COPY --chown=www-data . /var/www/html
RUN sudo -u www-data composer install --no-dev
