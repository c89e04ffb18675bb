FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN set -eux; \
    pip install --no-cache-dir -r requirements.txt; \
    # the model the app loads at start
    python -m spacy download en_core_web_sm; \
    rm -rf /root/.cache
COPY . .
CMD ["python", "app.py"]
