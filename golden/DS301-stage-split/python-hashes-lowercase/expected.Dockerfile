from python:3.11 as builder
workdir /app
run apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
copy requirements.lock .
run pip wheel --no-cache-dir --wheel-dir /wheels --require-hashes -r requirements.lock

from python:3.11
workdir /app
copy requirements.lock .
run --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
copy . .
cmd ["python", "main.py"]
