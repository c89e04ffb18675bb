FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/tool.tgz https://example.org/tool.tgz \
    && tar -xzf /tmp/tool.tgz -C /opt \
    && find /tmp -mtime +7 -delete \
    && rm -f /tmp/tool.tgz
