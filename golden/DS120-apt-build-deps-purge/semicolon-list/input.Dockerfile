FROM python:3.12-slim-bookworm
RUN apt-get update; apt-get install -y --no-install-recommends gcc libc6-dev libyaml-dev; pip install --no-cache-dir --no-binary pyyaml pyyaml;
