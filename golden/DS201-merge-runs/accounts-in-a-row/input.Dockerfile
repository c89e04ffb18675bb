FROM debian:bookworm-slim
RUN groupadd --system app
RUN useradd --system --gid app --home-dir /srv/app app
RUN mkdir -p /srv/app && chown app:app /srv/app
USER app
