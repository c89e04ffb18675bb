FROM python:3.11-alpine3.19
WORKDIR /app
COPY requirements.txt .
# native deps for psycopg2, cffi and lxml
RUN apk add --no-cache --virtual .build-deps \
        gcc \
        # the C library headers
        musl-dev \
        postgresql-dev \
        libffi-dev \
        libxml2-dev libxslt-dev \
    && apk add --no-cache bash libpq libffi libxml2 libxslt \
    && pip install --no-cache-dir -r requirements.txt \
    && apk del .build-deps \
    && rm -rf /root/.cache
COPY . .
ENTRYPOINT ["/app/docker-entrypoint.sh"]
