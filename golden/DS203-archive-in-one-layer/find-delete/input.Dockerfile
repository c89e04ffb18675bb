FROM alpine:3.19
RUN wget -qO /tmp/site.zip https://example.org/site.zip \
    && unzip -q /tmp/site.zip -d /srv/www \
    && find /tmp -name '*.zip' -delete
