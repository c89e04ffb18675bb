FROM php:8.3-fpm-alpine

# image libraries
RUN apk add --no-cache \
    freetype-dev \
    libjpeg-turbo-dev

# PHP's gd
RUN docker-php-ext-configure gd --with-freetype --with-jpeg \
    && docker-php-ext-install gd

CMD ["php-fpm"]
