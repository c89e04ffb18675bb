FROM python:3.11
WORKDIR /app
RUN apt-get update \
    && apt-get install -y gcc \
# the database client
    && apt-get install -y postgresql-client
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
