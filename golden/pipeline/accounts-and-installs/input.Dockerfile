FROM debian:bookworm-slim
RUN groupadd --system app && useradd --system --gid app app
RUN apt-get update
RUN apt-get install -y --no-install-recommends ca-certificates
RUN apt-get install -y --no-install-recommends libpq5
RUN ldconfig
COPY --chown=app:app app /srv/app
USER app
CMD ["/srv/app/run"]
