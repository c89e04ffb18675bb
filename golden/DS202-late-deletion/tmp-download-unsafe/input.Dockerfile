FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/tool.tgz https://example.org/tool-1.2.tgz && \
    tar xzf /tmp/tool.tgz -C /opt
ENV PATH=/opt/tool/bin:$PATH
RUN tool --version && rm -f /tmp/tool.tgz
