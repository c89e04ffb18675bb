FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y imagemagick \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /work
ENTRYPOINT ["convert"]
