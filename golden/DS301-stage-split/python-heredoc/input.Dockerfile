# syntax=docker/dockerfile:1
FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends gcc libffi-dev
pip install --no-cache-dir -r requirements.txt
rm -rf /var/lib/apt/lists/*
EOF
COPY . .
CMD ["python", "-m", "app"]
