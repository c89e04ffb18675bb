FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/tool_2.1.0_amd64.deb https://github.com/example/tool/releases/download/v2.1.0/tool_2.1.0_amd64.deb \
    && dpkg -i /tmp/tool_2.1.0_amd64.deb \
    && rm -f /tmp/tool_2.1.0_amd64.deb
