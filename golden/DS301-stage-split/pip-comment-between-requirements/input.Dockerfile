FROM python:3.11
WORKDIR /app
RUN apt-get update && apt-get install -y gcc libpq-dev
COPY requirements.txt requirements-extras.txt ./
RUN pip install -r requirements.txt \
# the optional extras
    -r requirements-extras.txt
CMD ["python", "app.py"]
