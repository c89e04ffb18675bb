# A small PostgreSQL exporter
FROM gcc:13

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends tini; \
    rm -rf /var/lib/apt/lists/*
RUN useradd -r exporter
WORKDIR /src
COPY exporter.c ./
# link against libpq and OpenSSL
RUN gcc -O2 -Wall \
      -o /usr/local/bin/exporter exporter.c \
      -lpq -l ssl -lm -lpthread
USER exporter
ENTRYPOINT ["tini", "--", "exporter"]
