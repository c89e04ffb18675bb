FROM python:3.12-alpine
RUN <<EOF
apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev
apk add --no-cache libffi
pip install --no-cache-dir cffi && apk del .build-deps
EOF
