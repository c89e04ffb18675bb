FROM debian:bookworm-slim
RUN useradd app
    # the app user owns its files
COPY --chown=app:app app /app
USER app
