FROM debian:sid-slim
RUN apt-get update && apt-get install -y python3-pip python3-dev gcc libpq-dev && pip install --break-system-packages psycopg2
