FROM debian:bookworm-slim
RUN apt-get update && \
    { apt-get install -y --no-install-recommends build-essential; make -C /usr/src/app install; } && \
    { apt-get purge -y --auto-remove build-essential; rm -rf /var/lib/apt/lists/*; }
CMD ["app"]
