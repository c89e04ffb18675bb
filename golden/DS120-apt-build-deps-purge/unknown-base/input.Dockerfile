FROM registry.example.com/platform/python-base:3.12
RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg2
