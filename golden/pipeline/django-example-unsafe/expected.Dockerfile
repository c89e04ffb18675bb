FROM python:3.11 AS builder

WORKDIR /app

RUN apt-get update
RUN apt-get install -y gcc libpq-dev postgresql-client

COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim

WORKDIR /app

RUN apt-get update && apt-get install --no-install-recommends -y libpq5 postgresql-client && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl

COPY . .

ENV PYTHONUNBUFFERED=1
ENV DJANGO_SETTINGS_MODULE=site_app.settings

EXPOSE 8000

CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
