FROM debian:bookworm-slim
RUN groupadd --system app && useradd --system --gid app app && \
    apt-get update && \
    apt-get install -y --no-install-recommends ca-certificates && \
    apt-get install -y --no-install-recommends libpq5 && \
    ldconfig && \
    rm -rf /var/lib/apt/lists/*
COPY --chown=app:app app /srv/app
USER app
CMD ["/srv/app/run"]
