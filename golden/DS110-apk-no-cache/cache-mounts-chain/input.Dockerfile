FROM alpine:3.19
RUN apk update && \
    apk add git && \
    rm -rf /var/cache/apk/*
