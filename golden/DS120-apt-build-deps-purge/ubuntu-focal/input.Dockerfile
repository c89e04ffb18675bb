FROM ubuntu:20.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip python3-dev gcc default-libmysqlclient-dev libssl-dev \
    && pip3 install --no-cache-dir mysqlclient \
    && rm -rf /var/lib/apt/lists/*
CMD ["python3", "-c", "import MySQLdb"]
