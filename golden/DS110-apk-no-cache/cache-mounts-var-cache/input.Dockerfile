FROM alpine:3.19
RUN apk update && apk add ffmpeg && rm -rf /var/cache/*
ENTRYPOINT ["ffmpeg"]
