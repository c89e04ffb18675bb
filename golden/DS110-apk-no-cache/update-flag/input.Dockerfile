FROM alpine:3.19
RUN apk --update add bash tzdata
RUN apk add -U --virtual .rundeps libpq && \
    apk upgrade --update-cache
