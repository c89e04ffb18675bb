FROM python:3.12-alpine
ARG BUILD_DEPS="gcc musl-dev"
RUN apk add --no-cache $BUILD_DEPS postgresql-dev && pip install psycopg2
