FROM alpine:3.19
RUN apk add --no-cache --virtual .fetch-deps curl ca-certificates && \
    curl -fsSL -o /tmp/tool.tgz https://example.org/dist/tool-1.2.tar.gz && \
    apk del .fetch-deps
RUN tar -xzf /tmp/tool.tgz -C /usr/local && rm /tmp/tool.tgz
