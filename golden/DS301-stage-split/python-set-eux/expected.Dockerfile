FROM python:3.12-slim AS builder
WORKDIR /app
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends build-essential default-libmysqlclient-dev pkg-config; \
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN set -eux; \
    pip install --no-cache-dir --upgrade pip; \
    pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libmariadb3; \
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels set -eux; \
    pip install --no-cache-dir --upgrade pip; \
    pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["gunicorn", "app.wsgi"]
