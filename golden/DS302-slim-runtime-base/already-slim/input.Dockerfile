FROM python:3.11 AS builder
RUN pip wheel --wheel-dir /wheels lxml
FROM python:3.11-slim
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index /wheels/*.whl
