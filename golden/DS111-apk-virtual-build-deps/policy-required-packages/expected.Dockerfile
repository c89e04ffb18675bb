FROM python:3.11-alpine
RUN apk add --no-cache --virtual .build-deps musl-dev postgresql-dev && apk add --no-cache gcc libpq curl && pip install --no-cache-dir psycopg2==2.9.10 && apk del .build-deps
