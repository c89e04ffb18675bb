ARG BASE=python:3.11
FROM python:3.11 AS builder
RUN pip wheel --wheel-dir /wheels lxml
FROM ${BASE}
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index /wheels/*.whl
