FROM ubuntu:24.04 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends python3-venv python3-dev build-essential default-libmysqlclient-dev pkg-config && rm -rf /var/lib/apt/lists/* && \
    python3 -m venv /opt/venv
WORKDIR /srv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends python3 libmysqlclient21 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt ./
COPY --from=builder /opt/venv /opt/venv
COPY . .
CMD ["/opt/venv/bin/python", "-m", "srv"]
