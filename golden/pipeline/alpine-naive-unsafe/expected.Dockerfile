FROM python:3.8-alpine

ENV PYTHONUNBUFFERED 1
WORKDIR /code
COPY requirements.txt /code/

RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev && apk add --no-cache libpq && pip install --no-cache-dir -r requirements.txt && apk del .build-deps

COPY . /code/
CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
