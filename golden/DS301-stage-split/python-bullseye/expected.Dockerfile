FROM python:3.9-slim-bullseye AS builder
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends gcc libffi-dev libssl-dev libpq-dev
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.9-slim-bullseye
WORKDIR /srv
RUN apt-get update && apt-get install -y --no-install-recommends libffi7 libssl1.1 libpq5
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "-m", "srv"]
