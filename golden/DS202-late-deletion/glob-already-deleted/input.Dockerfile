FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/tool.tgz https://example.org/tool.tgz && tar xzf /tmp/tool.tgz -C /opt && rm -f /tmp/tool.tgz
ENV PATH=/opt/tool/bin:$PATH
RUN rm -rf /tmp/*
