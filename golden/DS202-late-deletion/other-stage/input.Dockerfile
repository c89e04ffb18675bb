FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y curl
FROM base AS final
RUN rm -rf /var/lib/apt/lists/*
