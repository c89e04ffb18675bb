# escape=`
FROM alpine:3.19
RUN apk add --no-cache curl && `
    curl --version && `
    mkdir -p /data/in && `
    printf 'a\\b\n' > /data/in/x
