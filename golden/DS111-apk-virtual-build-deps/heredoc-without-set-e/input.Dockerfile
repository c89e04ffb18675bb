FROM python:3.12-alpine
RUN <<EOF
apk add --no-cache gcc musl-dev libffi-dev
pip install --no-cache-dir cffi
EOF
