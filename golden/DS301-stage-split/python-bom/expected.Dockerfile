FROM python:3.12 AS builder
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends gcc libxml2-dev libxslt1-dev && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends libxml2 libxslt1.1 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "-m", "srv"]
