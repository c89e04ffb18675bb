# syntax=docker/dockerfile:1
# Flask service with lxml built from source
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /srv

COPY requirements.txt .
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -qqy --no-install-recommends \
        gcc \
        libc6-dev \
        # lxml
        libxml2-dev \
        libxslt1-dev \
        curl \
    && pip install --no-cache-dir --no-binary lxml -r requirements.txt \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home app
COPY --chown=app:app . .
USER app
HEALTHCHECK CMD curl -fsS http://localhost:5000/health || exit 1
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
