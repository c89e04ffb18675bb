FROM python:3.12-slim
RUN set -eux; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev; \
	pip install --no-cache-dir psycopg2; \
	apt-mark auto '.*' > /dev/null; \
	apt-mark manual $savedAptMark libpq5; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
	rm -rf /var/lib/apt/lists/*
