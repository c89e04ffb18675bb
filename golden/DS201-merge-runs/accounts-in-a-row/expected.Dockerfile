FROM debian:bookworm-slim
RUN groupadd --system app && \
    useradd --system --gid app --home-dir /srv/app app && \
    mkdir -p /srv/app && chown app:app /srv/app
USER app
