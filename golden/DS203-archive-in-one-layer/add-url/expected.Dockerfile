FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
# the release tarball
RUN curl -fsSL -o /tmp/tool-linux-amd64.tar.gz https://github.com/example/tool/releases/download/v1.4.0/tool-linux-amd64.tar.gz && \
    tar -xzf /tmp/tool-linux-amd64.tar.gz -C /usr/local/bin tool && \
    rm /tmp/tool-linux-amd64.tar.gz
