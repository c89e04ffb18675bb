FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir uwsgi && apk del .build-deps
RUN apk add --no-cache --virtual .build-deps-2 gcc musl-dev libffi-dev && apk add --no-cache libffi && pip install --no-cache-dir cffi && apk del .build-deps-2
CMD ["uwsgi", "--ini", "/etc/uwsgi.ini"]
