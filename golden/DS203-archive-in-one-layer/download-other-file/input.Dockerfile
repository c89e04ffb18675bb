FROM debian:bookworm-slim
WORKDIR /tmp
RUN wget -q https://example.org/dist/tool-1.2.tar.gz
RUN tar -xzf tool-1.2-docs.tar.gz -C /usr/share/doc && rm tool-1.2-docs.tar.gz
