FROM debian:bookworm-slim
WORKDIR /opt
RUN wget -q https://example.org/dist/tool-1.2.tar.gz && tar -xzf tool-1.2.tar.gz && cd /
RUN cd /opt && rm tool-1.2.tar.gz
