FROM python:3.11-slim AS builder


RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*

# the application
WORKDIR /app
COPY . /app
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim


RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*

# the application
WORKDIR /app
COPY . /app
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
CMD ["gunicorn", "app:app"]
