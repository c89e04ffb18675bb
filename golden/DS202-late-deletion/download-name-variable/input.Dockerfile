FROM debian:bookworm-slim
ARG TOOL_VERSION=1.2.0
WORKDIR /opt
RUN curl -fsSLO "https://example.org/dist/tool-${TOOL_VERSION}.tar.gz" \
    && tar -xzf "tool-${TOOL_VERSION}.tar.gz"
RUN rm tool-1.2.0.tar.gz
