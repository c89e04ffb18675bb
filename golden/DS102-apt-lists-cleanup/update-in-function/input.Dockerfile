FROM debian:bookworm
RUN refresh() { apt-get update -o Acquire::Retries=3; }; \
    refresh && apt-get install -y --no-install-recommends curl
