FROM python:3.12-alpine
# dockslim: ignore=DS111
RUN apk add --no-cache gcc musl-dev && pip install --no-cache-dir uwsgi
CMD ["uwsgi", "--ini", "/etc/uwsgi.ini"]
