FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -fsSL -o go.tgz https://go.dev/dl/go1.22.0.linux-amd64.tar.gz
WORKDIR /app
RUN tar -C /usr/local -xzf /tmp/go.tgz && rm /tmp/go.tgz
