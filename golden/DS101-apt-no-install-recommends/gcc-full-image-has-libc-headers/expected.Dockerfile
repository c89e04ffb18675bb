# the full python image (buildpack-deps) has libc6-dev: nothing to keep for gcc
FROM python:3.11
RUN apt-get update && apt-get install --no-install-recommends -y gcc-12 libpq-dev && rm -rf /var/lib/apt/lists/*
