FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y curl \
    && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
    && rm -rf /var/lib/apt/lists/*
