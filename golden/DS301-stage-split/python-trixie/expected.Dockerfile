FROM python:3.13-slim-trixie AS builder
WORKDIR /opt/feeds
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libxml2-dev libxslt1-dev libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.13-slim-trixie
WORKDIR /opt/feeds
RUN apt-get update \
 && apt-get install -y --no-install-recommends libxml2 libxslt1.1 libcurl4t64 \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY feeds/ ./feeds/
CMD ["python", "-m", "feeds.poll"]
