FROM python:3.12-alpine3.20
RUN apk --no-cache -U add --repository=https://dl-cdn.alpinelinux.org/alpine/v3.20/community postgresql16-dev=16.4-r0 gcc musl-dev curl && pip install psycopg2==2.9.9;
