FROM python:3.12-slim
RUN apt update \
    && DEBIAN_FRONTEND=noninteractive apt install -qqy --no-install-recommends \
        gcc \
        # lxml
        libxml2-dev \
        libxslt1-dev \
        # Pillow
        libjpeg62-turbo-dev \
        zlib1g-dev \
    && pip install --no-cache-dir lxml Pillow \
    && apt clean \
    && rm -rf /var/lib/apt/lists/*
