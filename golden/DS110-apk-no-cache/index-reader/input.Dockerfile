FROM alpine:3.19
RUN apk update && apk policy openssl > /openssl-versions.txt && apk add --no-cache openssl
