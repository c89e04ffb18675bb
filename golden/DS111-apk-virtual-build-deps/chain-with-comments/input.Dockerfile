FROM python:3.11-alpine3.19
WORKDIR /app
COPY requirements.txt .
# native deps for psycopg2, cffi and lxml
RUN apk add --no-cache \
        gcc \
        # the C library headers
        musl-dev \
        bash \
        postgresql-dev \
        libffi-dev \
        libxml2-dev libxslt-dev \
    && pip install --no-cache-dir -r requirements.txt \
    && rm -rf /root/.cache
COPY . .
ENTRYPOINT ["/app/docker-entrypoint.sh"]
