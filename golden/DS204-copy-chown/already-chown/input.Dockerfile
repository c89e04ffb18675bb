FROM debian:bookworm-slim
COPY --chown=app:app app/ /opt/app/
RUN chown -R app:app /opt/app
