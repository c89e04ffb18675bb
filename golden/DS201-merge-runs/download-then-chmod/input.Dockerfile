FROM debian:bookworm-slim
RUN curl -fsSL -o /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl
RUN chmod +x /usr/local/bin/kubectl
