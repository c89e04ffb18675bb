FROM python:3.12-slim
RUN apt-get update \
 && apt-get install --no-install-recommends -y gcc libc6-dev \
 && pip install --no-cache-dir psycopg2-binary uwsgi \
 && apt-mark auto gcc libc6-dev \
 && apt-get autoremove -y --purge \
 && rm -rf /var/lib/apt/lists/*
