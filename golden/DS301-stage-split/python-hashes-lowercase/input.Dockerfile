from python:3.11
workdir /app
run apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
copy requirements.lock .
run pip install --no-cache-dir --require-hashes -r requirements.lock
copy . .
cmd ["python", "main.py"]
