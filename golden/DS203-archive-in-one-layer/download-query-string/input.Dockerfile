FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -fsSLO "https://downloads.example.com/cli/cli-linux.tar.gz?channel=stable" \
    && tar -xzf cli-linux.tar.gz -C /usr/local/bin
