FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
WORKDIR /tmp
RUN curl -fsSL -o /tmp/tool-2.0.tar.gz https://example.org/releases/tool-2.0.tar.gz && \
    tar -xzf tool-2.0.tar.gz -C /usr/local && rm tool-2.0.tar.gz
