FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends python3-venv python3-dev build-essential default-libmysqlclient-dev pkg-config && rm -rf /var/lib/apt/lists/* && \
    python3 -m venv /opt/venv
WORKDIR /srv
COPY requirements.txt ./
RUN /opt/venv/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["/opt/venv/bin/python", "-m", "srv"]
