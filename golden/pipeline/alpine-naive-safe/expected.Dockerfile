FROM python:3.8-alpine

ENV PYTHONUNBUFFERED 1
WORKDIR /code

RUN apk add --no-cache gcc musl-dev postgresql-dev
COPY requirements.txt /code/
RUN pip install --no-cache-dir -r requirements.txt

COPY . /code/
CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
