FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y curl jq && rm -rf /var/lib/apt/lists/*

FROM base
ARG RELEASE_URL
RUN curl -fsSL "$RELEASE_URL" | jq -r .tag_name > /version
