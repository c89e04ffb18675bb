# libc6-dev named for gcc goes with gcc's purge: autoremove takes only what apt chose itself
FROM python:3.11-slim
COPY requirements.txt .
RUN apt-get update && apt-get install -y gcc \
    && pip install --no-cache-dir -r requirements.txt \
    && apt-get purge -y --auto-remove gcc \
    && rm -rf /var/lib/apt/lists/*
