FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements.txt .
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -qqy --no-install-recommends \
        build-essential \
        default-libmysqlclient-dev \
        pkg-config \
        curl \
        libmariadb3 \
    ; \
    # build the wheels
    pip install --no-cache-dir -r requirements.txt; \
    apt-mark auto build-essential default-libmysqlclient-dev pkg-config; \
    apt-get autoremove -y --purge; \
    rm -rf /var/lib/apt/lists/*
COPY . .
CMD ["gunicorn", "app.wsgi"]
