FROM debian:bookworm-slim
WORKDIR /tmp
WORKDIR /app
RUN (cd /tmp && curl -fsSL -o go.tgz https://go.dev/dl/go1.22.0.linux-amd64.tar.gz) && \
    tar -C /usr/local -xzf /tmp/go.tgz && rm /tmp/go.tgz
