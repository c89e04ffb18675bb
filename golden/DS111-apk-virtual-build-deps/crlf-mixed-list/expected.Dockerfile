FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps \
      gcc \
      musl-dev \
      libffi-dev \
  && apk add --no-cache tini bash libffi \
  && pip install cffi \
  && apk del .build-deps
