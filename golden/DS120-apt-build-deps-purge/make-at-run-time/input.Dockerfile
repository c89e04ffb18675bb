FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends make gcc && pip install --no-cache-dir -e . && rm -rf /var/lib/apt/lists/*
CMD ["make", "serve"]
