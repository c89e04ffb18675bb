FROM alpine:3.19
ADD https://example.org/tool.tar.gz /tmp/
RUN tar -xzf /tmp/tool.tar.gz -C /usr/local && rm /tmp/tool.tar.gz
