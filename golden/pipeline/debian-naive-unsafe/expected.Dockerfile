FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1
WORKDIR /app

RUN apt-get update && apt-get install --no-install-recommends -y gcc libpq-dev libpq5 && \
    pip install --no-cache-dir django==4.2.30 psycopg2==2.9.10 gunicorn && \
    apt-mark auto gcc libpq-dev && \
    apt-get autoremove -y --purge && \
    rm -rf /var/lib/apt/lists/*

COPY . /app/
EXPOSE 8000
CMD ["gunicorn", "site_app.wsgi", "--bind", "0.0.0.0:8000"]
