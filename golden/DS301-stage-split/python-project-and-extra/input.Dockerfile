FROM python:3.11
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends libyaml-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pip install --no-cache-dir . && pip install --no-cache-dir gunicorn==22.0.0
CMD ["gunicorn", "service.wsgi"]
