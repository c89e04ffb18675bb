# escape=`
FROM python:3.12-slim
RUN apt-get update && `
    apt-get install -y --no-install-recommends gcc libffi-dev libssl-dev libffi8 libssl3t64 && `
    pip install --no-cache-dir cryptography && `
    apt-mark auto gcc libffi-dev libssl-dev && `
    apt-get autoremove -y --purge && `
    rm -rf /var/lib/apt/lists/*
