FROM python:3.12-alpine
COPY requirements.txt /tmp/
RUN set -eux; \
	apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev openssl-dev cargo; \
	apk add --no-cache libffi libssl3 libcrypto3 libgcc; \
	pip install --no-cache-dir -r /tmp/requirements.txt; \
	apk del .build-deps; \
	rm -rf /root/.cargo /tmp/requirements.txt
USER nobody
