FROM python:3.11-slim
RUN pip install --no-cache-dir flask && pip download -d /tmp/x requests
