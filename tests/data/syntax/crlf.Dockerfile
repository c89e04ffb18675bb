# syntax=docker/dockerfile:1
FROM debian:bookworm-slim AS base
# install tools, CRLF everywhere
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
COPY <<EOF /etc/motd
hello from a CRLF file
EOF
CMD ["bash"]
