FROM python:3.12-slim
COPY requirements.txt .
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 \
    && pip install --no-cache-dir -r requirements.txt \
    && apt-mark auto gcc libpq-dev \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
