FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -fsSLO https://github.com/example/cli/releases/download/v2.0.1/cli-linux-amd64.tar.gz \
    && tar -xzf cli-linux-amd64.tar.gz -C /usr/local/bin cli
WORKDIR /app
COPY . .
RUN rm -rf /tmp/*
