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
        libxml2 \
        libxslt1.1 \
        libjpeg62-turbo \
        zlib1g \
    && pip install --no-cache-dir lxml Pillow \
    && apt-mark auto gcc libxml2-dev libxslt1-dev libjpeg62-turbo-dev zlib1g-dev \
    && apt autoremove -y --purge \
    && apt clean \
    && rm -rf /var/lib/apt/lists/*
