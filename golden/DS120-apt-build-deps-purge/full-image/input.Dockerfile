FROM python:3.12
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2 && rm -rf /var/lib/apt/lists/*
