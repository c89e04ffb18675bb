FROM python:3.11 AS builder
ENV POETRY_VERSION=1.8.3
WORKDIR /code
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION" poetry-plugin-export
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml poetry.lock ./
RUN poetry export --without-hashes -f requirements.txt -o requirements.txt \
    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11
ENV POETRY_VERSION=1.8.3
WORKDIR /code
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION" poetry-plugin-export
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libmariadb3 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml poetry.lock ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels poetry export --without-hashes -f requirements.txt -o requirements.txt \
    && pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "-m", "service"]
