FROM python:3.8-alpine AS builder

ENV PYTHONUNBUFFERED 1
WORKDIR /code

RUN apk update && apk add gcc musl-dev postgresql-dev
COPY requirements.txt /code/
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.8-alpine

ENV PYTHONUNBUFFERED 1
WORKDIR /code

RUN apk add --no-cache libpq
COPY requirements.txt /code/
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl

COPY . /code/
CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
