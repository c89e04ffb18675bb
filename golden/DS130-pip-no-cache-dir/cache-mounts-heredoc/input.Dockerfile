# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --network=default <<EOF
set -e
python -m pip install gunicorn
EOF
