FROM python:3.9-bullseye AS builder
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.9-bullseye
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends libxml2 libpcre2-16-0 libpcre2-32-0 libpcre2-8-0 libpcre2-posix2 libssl1.1 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["uwsgi", "--ini", "uwsgi.ini"]
