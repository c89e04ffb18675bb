FROM debian:bookworm-slim
RUN set -eux; \
    mkdir -p /opt/tool
RUN set -eux; \
    cd /opt/tool; \
    touch /opt/tool/VERSION
RUN set -eux; \
    chmod 644 /opt/tool/VERSION
