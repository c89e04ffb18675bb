# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
ADD --chmod=711 https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ENTRYPOINT ["/tini", "--"]
