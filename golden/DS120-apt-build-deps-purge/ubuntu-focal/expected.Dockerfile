FROM ubuntu:20.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3-pip python3-dev gcc default-libmysqlclient-dev libssl-dev python3 libmysqlclient21 libssl1.1 \
    && pip3 install --no-cache-dir mysqlclient \
    && apt-mark auto python3-dev gcc default-libmysqlclient-dev libssl-dev \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/*
CMD ["python3", "-c", "import MySQLdb"]
