FROM python:3.12-alpine
ENV PYTHONUNBUFFERED=1
WORKDIR /code
COPY requirements.txt /code/
RUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev && apk add --no-cache libpq && pip install --no-cache-dir -r requirements.txt && apk del .build-deps
COPY . /code/
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]
