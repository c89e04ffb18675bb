FROM debian:bookworm-slim
RUN curl -LO "https://dl.example.io/release/v1.30.0/bin/linux/amd64/kubectl" && \
    install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl && \
    rm -f /kubectl
CMD ["kubectl", "version", "--client"]
