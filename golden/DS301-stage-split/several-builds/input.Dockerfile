FROM python:3.11
WORKDIR /app
RUN apt-get update && apt-get install -y gcc libpq-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN gcc -O2 -o /usr/local/bin/probe tools/probe.c
CMD ["python", "app.py"]
