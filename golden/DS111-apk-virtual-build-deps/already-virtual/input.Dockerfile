FROM python:3.12-alpine
COPY requirements.txt /tmp/
RUN set -eux; \
	apk add --no-cache --virtual .build-deps \
		gcc \
		libffi-dev \
		musl-dev \
	; \
	pip install --no-cache-dir -r /tmp/requirements.txt; \
	apk add --no-cache --virtual .app-rundeps libffi; \
	apk del --no-network .build-deps
