FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev python3-dev python3-pip libpq5 python3 perl \
    && pip3 install --break-system-packages --no-cache-dir psycopg2==2.9.9 \
    && apt-mark auto build-essential libpq-dev python3-dev \
    && apt-get autoremove -y --purge \
    && rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["python3", "-m", "app"]
