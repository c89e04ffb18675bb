FROM alpine:3.19
RUN --network=default apk add --update curl
