# gcc only recommends libc6-dev; without it psycopg2's sdist fails on `stdlib.h` (built on the engine)
FROM python:3.11-slim
RUN apt-get update && apt-get install --no-install-recommends -y gcc libpq-dev libc6-dev && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
