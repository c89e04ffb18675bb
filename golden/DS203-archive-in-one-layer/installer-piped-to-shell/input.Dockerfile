FROM debian:bookworm-slim
RUN curl -fsSL https://get.example.com/install.sh | sh -s -- --prefix /opt/tool
