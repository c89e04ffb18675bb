FROM alpine:3.19
RUN set -eux; \
    apk add --no-cache build-base autoconf automake libtool git; \
    git clone https://example.com/tool.git /src; \
    cd /src && ./autogen.sh && ./configure && make && make install
RUN strip /usr/local/bin/tool
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
CMD ["perl", "/usr/local/bin/tool-report"]
