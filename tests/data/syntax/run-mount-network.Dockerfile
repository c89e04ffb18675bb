# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \
    --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    --mount=type=secret,id=pip_token,env=PIP_TOKEN \
    pip install -r /tmp/requirements.txt
RUN --network=host curl -fsS http://localhost:8080/
RUN --network=none --security=insecure true
RUN --mount=type=tmpfs,target=/tmp -- echo after double dash
