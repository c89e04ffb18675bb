FROM python:3.12-alpine
RUN apk add --no-cache \
      tini \
      gcc \
      musl-dev \
      bash \
      libffi-dev \
  && pip install cffi
