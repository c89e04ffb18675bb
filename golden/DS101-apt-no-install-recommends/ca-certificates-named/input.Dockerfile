FROM debian:bookworm
RUN apt-get update && apt-get install -y ca-certificates curl \
    && curl -fsSLo /usr/local/bin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-amd64
