FROM debian:bookworm-slim
RUN useradd app
COPY app /app
RUN \
    # the app user owns its files
    chown -R app:app /app
USER app
