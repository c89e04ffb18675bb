FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1
WORKDIR /app

RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir django==4.2.30 psycopg2==2.9.10 gunicorn

COPY . /app/
EXPOSE 8000
CMD ["gunicorn", "site_app.wsgi", "--bind", "0.0.0.0:8000"]
