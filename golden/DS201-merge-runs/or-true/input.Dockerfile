FROM debian:bookworm
RUN useradd -m app || true
RUN mkdir -p /data; chown app /data
