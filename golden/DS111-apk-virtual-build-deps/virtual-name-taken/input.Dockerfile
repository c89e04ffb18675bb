FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir uwsgi && apk del .build-deps
RUN apk add --no-cache gcc musl-dev libffi-dev && pip install --no-cache-dir cffi
CMD ["uwsgi", "--ini", "/etc/uwsgi.ini"]
