FROM debian:bookworm-slim
WORKDIR /tmp/build
RUN set -eux; \
    curl -fsSLO https://example.org/dist/tool-1.2.tar.gz; \
    tar -xzf tool-1.2.tar.gz; \
    ./tool-1.2/install.sh --prefix /usr/local
# build inputs only: deleted below
COPY vendor/ ./
WORKDIR /
RUN rm -rf /tmp/build
