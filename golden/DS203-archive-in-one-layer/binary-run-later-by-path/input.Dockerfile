FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -LO "https://dl.example.io/release/v1.30.0/bin/linux/amd64/kubectl" && \
    install -m 0755 kubectl /usr/local/bin/kubectl
RUN ./kubectl version --client
