FROM python:3.12-slim
COPY --chown=1001:1001 . /srv/app
RUN useradd -u 1001 app
RUN chmod +x /srv/app/entrypoint.sh
USER 1001
ENTRYPOINT ["/srv/app/entrypoint.sh"]
