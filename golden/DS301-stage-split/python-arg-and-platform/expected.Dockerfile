ARG PYTHON_VERSION=3.11-slim
FROM --platform=$TARGETPLATFORM python:${PYTHON_VERSION} AS builder
ARG EXTRA_INDEX
ENV PIP_EXTRA_INDEX_URL=$EXTRA_INDEX
RUN apt update && apt install -y libffi-dev libssl-dev
COPY requirements.txt /tmp/requirements.txt
RUN python -m pip wheel --no-cache-dir --wheel-dir /wheels -r /tmp/requirements.txt

FROM --platform=$TARGETPLATFORM python:${PYTHON_VERSION}
ARG EXTRA_INDEX
ENV PIP_EXTRA_INDEX_URL=$EXTRA_INDEX
RUN apt update && apt install -y libffi8 libssl3t64
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels python -m pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY src /app
CMD ["python", "/app/main.py"]
