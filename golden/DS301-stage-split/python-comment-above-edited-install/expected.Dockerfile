FROM python:3.12-slim AS builder
WORKDIR /app

# compilers and headers for psycopg2; psql for the entrypoint's checks
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# requirements first, so code changes reuse the install layer
COPY requirements.txt .
# hadolint ignore=DL3042
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
WORKDIR /app

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# requirements first, so code changes reuse the install layer
COPY requirements.txt .
# hadolint ignore=DL3042
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels /wheels/*.whl

COPY . .
CMD ["gunicorn", "app:app"]
