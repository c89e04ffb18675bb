FROM python:3.12-alpine3.20
RUN apk --no-cache -U add --repository=https://dl-cdn.alpinelinux.org/alpine/v3.20/community --virtual .build-deps postgresql16-dev=16.4-r0 gcc musl-dev && apk --no-cache add --repository=https://dl-cdn.alpinelinux.org/alpine/v3.20/community curl libpq && pip install psycopg2==2.9.9 && apk del .build-deps;
