FROM python:3.12-slim
WORKDIR /app
RUN python -m venv .venv
COPY . .
RUN chown -R 1000:1000 /app
USER 1000
