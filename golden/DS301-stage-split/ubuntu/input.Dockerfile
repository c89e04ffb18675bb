FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip python3-dev libpq-dev gcc
RUN pip3 install psycopg2
CMD ["python3"]
