FROM alpine:3.19
RUN apk add --no-cache python3 \
    && python3 -m venv /venv
RUN /venv/bin/pip install --no-cache-dir flask \
    && chown -R 1000 /venv
