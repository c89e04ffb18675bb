# escape=`
FROM python:3.12-slim
RUN apt-get update && `
    apt-get install -y --no-install-recommends gcc libffi-dev libssl-dev && `
    pip install --no-cache-dir cryptography && `
    rm -rf /var/lib/apt/lists/*
