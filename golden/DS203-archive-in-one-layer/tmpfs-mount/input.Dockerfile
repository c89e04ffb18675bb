# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN --mount=type=tmpfs,target=/tmp curl -fsSL -o /tmp/x.tgz https://example.org/x.tgz && tar -xzf /tmp/x.tgz -C /opt
