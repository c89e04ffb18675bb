FROM debian:bookworm-slim
WORKDIR /opt
RUN curl -fsSL -o /tmp/tool.tgz https://example.org/tool.tgz \
    && tar -xzf /tmp/tool.tgz -C /opt \
    && cd /tmp && rm -rf ./*
