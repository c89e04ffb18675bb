FROM python:3.11 AS builder
RUN apt-get update
RUN apt-get install -y libpq-dev
RUN pip wheel --wheel-dir /wheels psycopg2==2.9.9
RUN rm -rf /tmp/*

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir --no-index /wheels/* && rm -rf /wheels
CMD ["python"]
