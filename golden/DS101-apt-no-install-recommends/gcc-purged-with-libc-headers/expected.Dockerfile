# libc6-dev named for gcc goes with gcc's purge: autoremove takes only what apt chose itself
FROM python:3.11-slim
COPY requirements.txt .
RUN apt-get update && apt-get install --no-install-recommends -y gcc libc6-dev \
    && pip install --no-cache-dir -r requirements.txt \
    && apt-get purge -y --auto-remove gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
