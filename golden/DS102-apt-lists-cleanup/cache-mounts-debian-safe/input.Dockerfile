FROM python:3.12-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libpq5
