# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask
# the WSGI server
RUN --mount=type=cache,target=/root/.cache/pip \

    # pinned: 22 changed the worker options
    # (see the release notes)
    pip install 'gunicorn<22'
