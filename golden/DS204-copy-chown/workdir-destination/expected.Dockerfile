FROM python:3.12-slim
RUN useradd --create-home app
WORKDIR /app
COPY --chown=app:app . .
RUN chown app:app /app
USER app
CMD ["python", "main.py"]
