FROM debian:bookworm-slim
WORKDIR /opt/tool
RUN curl -fsSLO https://example.org/dist/tool-1.2.tar.gz
ARG TOOL_SHA256=8f2a4c9e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a
RUN echo "${TOOL_SHA256}  tool-1.2.tar.gz" | sha256sum -c -
RUN rm tool-1.2.tar.gz
