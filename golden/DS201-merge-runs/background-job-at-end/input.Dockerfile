FROM debian:bookworm-slim
RUN mkdir -p /var/cache/app && /usr/local/bin/warm-cache /var/cache/app &
RUN chmod -R a+rX /var/cache/app
