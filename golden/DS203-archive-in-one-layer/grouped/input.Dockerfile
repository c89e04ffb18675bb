FROM debian:bookworm-slim
RUN curl -fsSL https://example.org/data-2024.tar.gz > /tmp/data.tar.gz
LABEL org.opencontainers.image.title=data
RUN mkdir -p /data; tar -xzf /tmp/data.tar.gz -C /data || exit 1; rm /tmp/data.tar.gz
