# escape=`
FROM alpine:3.19
RUN apk add --no-cache --virtual .deps python3 py3-pip `
    && apk add --no-cache git
