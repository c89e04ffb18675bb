# escape=`
FROM alpine:3.19
RUN apk update `
    && apk add --virtual .deps python3 py3-pip `
    && rm -rf /var/cache/apk/* `
    && apk add git
