FROM python:3.12-alpine
ENV PYTHONUNBUFFERED=1
WORKDIR /code
COPY requirements.txt /code/
RUN apk add --no-cache gcc musl-dev postgresql-dev && pip install --no-cache-dir -r requirements.txt
COPY . /code/
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]
