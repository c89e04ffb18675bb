FROM python:3.11
RUN apt-get update && apt-get install -y libpq-dev
COPY . /app
WORKDIR /app
RUN pip install -e .
CMD ["python", "-m", "app"]
