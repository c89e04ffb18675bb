# dockslim: ignore=DS301
FROM python:3.11
RUN apt-get update && apt-get install -y gcc libpq-dev
RUN pip install psycopg2
CMD ["python"]
