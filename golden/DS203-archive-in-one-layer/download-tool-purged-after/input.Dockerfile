FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends wget ca-certificates
RUN wget -P /tmp https://example.org/dist/agent-3.1.0.tar.gz && \
    apt-get purge -y --auto-remove wget && rm -rf /var/lib/apt/lists/*
RUN tar -xzf /tmp/agent-3.1.0.tar.gz -C /opt && rm /tmp/agent-3.1.0.tar.gz
