FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -fsSLOJ https://example.org/download/latest/tool.tar.gz && tar -xzf tool.tar.gz -C /opt
