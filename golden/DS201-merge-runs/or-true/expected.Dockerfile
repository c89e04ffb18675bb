FROM debian:bookworm
RUN useradd -m app || true && \
    { mkdir -p /data; chown app /data; }
