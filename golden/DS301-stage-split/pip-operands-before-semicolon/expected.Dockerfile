FROM python:3.12-bookworm AS builder
WORKDIR /srv
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libffi-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN set -eux; \
    pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt gunicorn==21.2.0; \
    pip check

FROM python:3.12-bookworm
WORKDIR /srv
RUN apt-get update \
    && apt-get install -y --no-install-recommends libffi8 \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels set -eux; \
    pip install --no-index --find-links=/wheels --no-cache-dir \
        # runtime deps
        /wheels/*.whl; \
    pip check
COPY . .
CMD ["gunicorn", "app:app"]
