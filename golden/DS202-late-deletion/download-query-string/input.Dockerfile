FROM debian:bookworm-slim
WORKDIR /opt
RUN wget -q "https://downloads.example.com/get/tool.tar.gz?version=3&arch=amd64" \
    && tar -xzf "tool.tar.gz?version=3&arch=amd64"
RUN rm tool.tar.gz
