FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates libpq5 && pip install --no-cache-dir psycopg2-binary && rm -rf /var/lib/apt/lists/*
