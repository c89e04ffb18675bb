FROM python:3.11 AS builder
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[mysql]"

FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libmariadb3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
CMD ["service"]
