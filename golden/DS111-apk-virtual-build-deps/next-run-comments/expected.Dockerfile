FROM php:8.3-fpm-alpine

# image libraries
# PHP's gd
RUN apk add --no-cache --virtual .build-deps \
    freetype-dev \
    libjpeg-turbo-dev && \
    apk add --no-cache freetype libjpeg-turbo && \
    docker-php-ext-configure gd --with-freetype --with-jpeg \
    && docker-php-ext-install gd && \
    apk del .build-deps

CMD ["php-fpm"]
