FROM gcc:13 AS builder
RUN useradd -r exporter
WORKDIR /src
COPY exporter.c ./
# link against libpq and OpenSSL
RUN gcc -O2 -Wall \
      -o /usr/local/bin/exporter exporter.c \
      -lpq -l ssl -lm -lpthread

# A small PostgreSQL exporter
FROM debian:bookworm-slim

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends tini libpq5 libssl3; \
    rm -rf /var/lib/apt/lists/*
RUN useradd -r exporter
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/exporter /usr/local/bin/exporter
USER exporter
ENTRYPOINT ["tini", "--", "exporter"]
