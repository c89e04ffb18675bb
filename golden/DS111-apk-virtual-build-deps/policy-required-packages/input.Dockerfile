FROM python:3.11-alpine
RUN apk add --no-cache gcc musl-dev postgresql-dev && pip install --no-cache-dir psycopg2==2.9.10
