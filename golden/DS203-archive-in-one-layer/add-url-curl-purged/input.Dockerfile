FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && \
    curl -fsSL https://example.org/keys/release.asc -o /etc/release.asc && \
    apt-mark auto '.*' > /dev/null && apt-get purge -y --auto-remove && \
    rm -rf /var/lib/apt/lists/*
ADD https://example.org/dist/tool-2.0.tar.gz /tmp/
RUN tar -xzf /tmp/tool-2.0.tar.gz -C /usr/local && rm /tmp/tool-2.0.tar.gz
