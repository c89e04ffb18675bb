FROM python:3.7-buster

RUN apt-get update \
    && apt-get install -y gcc musl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY . /srv
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "main.py"]
