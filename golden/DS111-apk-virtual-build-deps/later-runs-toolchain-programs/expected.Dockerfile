FROM alpine:3.19
RUN set -eux; \
    apk add --no-cache --virtual .build-deps build-base autoconf automake libtool; \
    apk add --no-cache git libstdc++ libgcc binutils perl bash; \
    git clone https://example.com/tool.git /src; \
    cd /src && ./autogen.sh && ./configure && make && make install && \
    apk del .build-deps
RUN strip /usr/local/bin/tool
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
CMD ["perl", "/usr/local/bin/tool-report"]
