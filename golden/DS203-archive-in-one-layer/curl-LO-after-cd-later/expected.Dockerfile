FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
COPY tool.conf /etc/tool.conf
RUN (cd /tmp && curl -LO https://example.org/releases/tool-1.2.tar.gz) && \
    cd /tmp && tar -xzf tool-1.2.tar.gz -C /usr/local && rm tool-1.2.tar.gz
