FROM python:3.9-bullseye
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["uwsgi", "--ini", "uwsgi.ini"]
