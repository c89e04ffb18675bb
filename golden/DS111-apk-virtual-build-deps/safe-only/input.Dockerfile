FROM python:3.12-alpine
RUN apk add --no-cache gcc musl-dev && pip install --no-cache-dir uwsgi
