FROM python:3.11 AS builder
RUN pip wheel --wheel-dir /wheels psycopg2
FROM python:3.11
RUN apt-get update && apt-get install -y libpq-dev
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index /wheels/*.whl
