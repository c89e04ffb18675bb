FROM debian:bookworm-slim
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN curl -fsSL https://example.org/tool -o /usr/local/bin/tool; \
    chmod +x /usr/local/bin/tool; \
    rm -rf /var/lib/apt/lists/*
