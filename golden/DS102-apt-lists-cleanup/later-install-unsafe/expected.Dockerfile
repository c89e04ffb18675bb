FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
# a later RUN of the stage that relies on the lists above
RUN curl -fsSL https://example.org/setup.sh -o /tmp/setup.sh \
    && apt-get update && apt-get install -y --no-install-recommends jq \
    && rm -rf /var/lib/apt/lists/*

FROM base AS app
RUN set -eux; \
    mkdir /app; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git; \
    rm -rf /var/lib/apt/lists/*
