FROM python:3.12-slim
WORKDIR /app
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends build-essential default-libmysqlclient-dev pkg-config; \
    rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN set -eux; \
    pip install --no-cache-dir --upgrade pip; \
    pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "app.wsgi"]
