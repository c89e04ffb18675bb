# escape=`
FROM alpine:3.19
RUN apk add --no-cache curl && `
    curl -fsSLo /usr/local/bin/tool https://example.org/tool && `
    chmod +x /usr/local/bin/tool && `
    printf 'a\\b\n' > /etc/tool.conf
