FROM php:8.3-fpm
RUN curl -fsSLo /usr/local/bin/install-extensions.sh https://github.com/example/install-extensions/releases/download/2.2.5/install-extensions.sh \
    && sh /usr/local/bin/install-extensions.sh gd intl zip
