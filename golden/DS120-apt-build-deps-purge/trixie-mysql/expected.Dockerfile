FROM python:3.13-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends gcc pkg-config default-libmysqlclient-dev libmariadb3; \
    pip install --no-cache-dir mysqlclient; \
    apt-mark auto gcc pkg-config default-libmysqlclient-dev; \
    apt-get autoremove -y --purge; \
    rm -rf /var/lib/apt/lists/*
