# development image: the app runs with the dev server and its tools
FROM python:3.11
WORKDIR /var/app
COPY . /var/app
RUN apt-get update && \
    pip install --upgrade pip && \
    pip install -r \
        environments/dev/requirements.txt
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
