 FROM python:3.11-slim
 RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*
 COPY requirements.txt /srv/
 RUN pip install --no-cache-dir -r /srv/requirements.txt
 COPY . /srv
 CMD ["python", "/srv/app.py"]
