FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
# a later RUN of the stage that relies on the lists above
RUN curl -fsSL https://example.org/setup.sh -o /tmp/setup.sh \
    && apt-get install -y --no-install-recommends jq

FROM base AS app
RUN set -eux; \
    mkdir /app; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git
