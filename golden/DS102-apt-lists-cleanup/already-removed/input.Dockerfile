FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -r /var/lib/apt/lists
RUN apt-get update \
    && apt-get install -y --no-install-recommends less \
    && find /var/lib/apt/lists -mindepth 1 -delete
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends jq; rm -fr "/var/lib/apt/lists"/*
