FROM python:3.12-bookworm
WORKDIR /srv
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libffi-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN set -eux; \
    pip install --no-cache-dir \
        # runtime deps
        -r requirements.txt \
        gunicorn==21.2.0; \
    pip check
COPY . .
CMD ["gunicorn", "app:app"]
