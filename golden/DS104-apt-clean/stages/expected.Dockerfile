ARG DEBIAN=debian:bookworm-slim
FROM ${DEBIAN} AS clean-base
RUN apt-get update && apt-get install -y --no-install-recommends curl

FROM registry.example.com/base/debian:12 AS other-base
FROM other-base AS builder
RUN apt-get update && apt-get install -y --no-install-recommends make && apt-get clean

FROM clean-base
RUN apt-get update && apt-get install -y --no-install-recommends jq
