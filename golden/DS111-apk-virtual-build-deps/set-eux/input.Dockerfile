FROM python:3.12-alpine
COPY requirements.txt /tmp/
RUN set -eux; \
	apk add --no-cache gcc musl-dev libffi-dev openssl-dev cargo; \
	pip install --no-cache-dir -r /tmp/requirements.txt; \
	rm -rf /root/.cargo /tmp/requirements.txt
USER nobody
