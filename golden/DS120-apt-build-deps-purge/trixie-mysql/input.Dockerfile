FROM python:3.13-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gcc pkg-config default-libmysqlclient-dev; \
    pip install --no-cache-dir mysqlclient; \
    rm -rf /var/lib/apt/lists/*
