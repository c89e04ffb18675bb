FROM python:3.11

WORKDIR /app

RUN apt-get update
RUN apt-get install -y gcc libpq-dev
RUN pip install django==4.2.30 psycopg2==2.9.10 gunicorn

COPY . /app/
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000')"]
CMD ["gunicorn", "site_app.wsgi", "--bind", "0.0.0.0:8000"]
