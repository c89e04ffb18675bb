FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -fsSLO https://example.org/dist/tool-1.2.tar.gz https://example.org/dist/tool-1.2.tar.gz.sha256 \
    && sha256sum -c tool-1.2.tar.gz.sha256 && tar -xzf tool-1.2.tar.gz -C /opt
