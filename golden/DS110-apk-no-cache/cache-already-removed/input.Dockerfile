FROM alpine:3.19
RUN apk update && \
    apk add ffmpeg && \
    rm -rf /var/cache/*
RUN apk add --update imagemagick && rm -rf /var/cache/apk
RUN apk upgrade -U; apk add tzdata; rm -rf /tmp/* /var/cache/apk/*
ENTRYPOINT ["ffmpeg"]
