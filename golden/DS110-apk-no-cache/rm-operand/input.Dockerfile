FROM alpine:3.19
RUN apk add --no-cache nginx && \
    rm -rf /tmp/* /var/cache/apk/* /root/.cache
