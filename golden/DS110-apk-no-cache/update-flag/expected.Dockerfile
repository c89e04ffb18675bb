FROM alpine:3.19
RUN apk --no-cache add bash tzdata
RUN apk add --no-cache --virtual .rundeps libpq && \
    apk upgrade --no-cache
