FROM python:3.7-buster AS builder

RUN apt-get update \
    && apt-get install -y gcc musl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY . /srv
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.7-slim-buster

RUN apt-get update \
    && apt-get install --no-install-recommends -y musl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY . /srv
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
CMD ["python", "main.py"]
