FROM debian:bookworm-slim
RUN cd /tmp && \
    curl -fsSLO https://example.org/dist/tool-1.2.tar.gz && \
    curl -fsSLO https://example.org/dist/SHA256SUMS && \
    sha256sum -c --ignore-missing SHA256SUMS
RUN tar -xzf /tmp/tool-1.2.tar.gz -C /usr/local && rm /tmp/tool-1.2.tar.gz
