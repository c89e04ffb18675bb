FROM python:3.11

WORKDIR /app

RUN apt-get update
RUN apt-get install -y gcc libpq-dev postgresql-client

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

ENV PYTHONUNBUFFERED=1
ENV DJANGO_SETTINGS_MODULE=site_app.settings

EXPOSE 8000

CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
