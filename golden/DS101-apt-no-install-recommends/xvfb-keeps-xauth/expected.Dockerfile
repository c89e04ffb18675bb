FROM debian:bullseye-slim
RUN apt-get update && \
    apt-get install --no-install-recommends -y xvfb chromium ca-certificates xauth && \
    rm -rf /var/lib/apt/lists/*
COPY render.sh /usr/local/bin/render
CMD ["render", "https://example.org/report"]
