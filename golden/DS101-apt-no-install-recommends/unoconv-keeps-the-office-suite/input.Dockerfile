FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y unoconv \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /work
ENTRYPOINT ["unoconv", "-f", "pdf"]
