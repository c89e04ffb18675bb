FROM python:3.12-alpine
ENV PYTHONUNBUFFERED=1
WORKDIR /code
COPY requirements.txt /code/
RUN apk update && apk add --virtual .build-deps gcc musl-dev postgresql-dev && apk add libpq && pip install -r requirements.txt && apk del .build-deps
COPY . /code/
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
