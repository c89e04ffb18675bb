FROM alpine:3.19
RUN wget -qO /tmp/dist.zip https://example.org/dist.zip && unzip -q /tmp/dist.zip -d /srv/www && rm -f /tmp/dist.zip
