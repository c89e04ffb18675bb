# syntax=docker/dockerfile:1
FROM python:3.11-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends gcc libffi-dev
pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt
rm -rf /var/lib/apt/lists/*
EOF

FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends libffi8
pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
rm -rf /var/lib/apt/lists/*
EOF
COPY . .
CMD ["python", "-m", "app"]
