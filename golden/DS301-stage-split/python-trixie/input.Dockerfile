FROM python:3.13-slim-trixie
WORKDIR /opt/feeds
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libxml2-dev libxslt1-dev libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY feeds/ ./feeds/
CMD ["python", "-m", "feeds.poll"]
