FROM python:3.11-slim AS builder

ENV PYTHONUNBUFFERED=1
WORKDIR /app

RUN apt-get update
RUN apt-get install -y gcc libpq-dev
RUN pip wheel --no-cache-dir --wheel-dir /wheels django==4.2.30 psycopg2==2.9.10 gunicorn

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1
WORKDIR /app

RUN apt-get update && apt-get install --no-install-recommends -y libpq5 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl

COPY . /app/
EXPOSE 8000
CMD ["gunicorn", "site_app.wsgi", "--bind", "0.0.0.0:8000"]
