FROM debian:bookworm AS base
RUN apt-get update && apt-get install --no-install-recommends -y curl jq ca-certificates && rm -rf /var/lib/apt/lists/*

FROM base
ARG RELEASE_URL
RUN curl -fsSL "$RELEASE_URL" | jq -r .tag_name > /version
