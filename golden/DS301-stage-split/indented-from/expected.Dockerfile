 FROM python:3.11-slim AS builder
 RUN apt-get update && apt-get install -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*
 COPY requirements.txt /srv/
 RUN pip wheel --no-cache-dir --wheel-dir /wheels -r /srv/requirements.txt

 FROM python:3.11-slim
 RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*
 COPY requirements.txt /srv/
 RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
 COPY . /srv
 CMD ["python", "/srv/app.py"]
