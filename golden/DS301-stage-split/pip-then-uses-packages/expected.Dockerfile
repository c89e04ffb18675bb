FROM python:3.11 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN set -eux; \
    pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels set -eux; \
    pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl; \
    # the model the app loads at start
    python -m spacy download en_core_web_sm; \
    rm -rf /root/.cache
COPY . .
CMD ["python", "app.py"]
