FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y gcc \
 && pip install --no-cache-dir psycopg2-binary uwsgi \
 && apt-mark auto gcc \
 && apt-get autoremove -y --purge \
 && rm -rf /var/lib/apt/lists/*
