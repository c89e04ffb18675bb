FROM python:3.8-alpine

ENV PYTHONUNBUFFERED 1
WORKDIR /code

RUN apk update && apk add gcc musl-dev postgresql-dev
COPY requirements.txt /code/
RUN pip install -r requirements.txt

COPY . /code/
CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
