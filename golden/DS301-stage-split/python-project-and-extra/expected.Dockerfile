FROM python:3.11 AS builder
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends libyaml-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels/1 . && pip wheel --no-cache-dir --wheel-dir /wheels/2 gunicorn==22.0.0

FROM python:3.11
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends libyaml-0-2 && rm -rf /var/lib/apt/lists/*
COPY . .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels/1 --no-cache-dir /wheels/1/*.whl && pip install --no-index --find-links=/wheels/2 --no-cache-dir /wheels/2/*.whl
CMD ["gunicorn", "service.wsgi"]
