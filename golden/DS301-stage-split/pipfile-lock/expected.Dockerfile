FROM python:3.11 AS builder
RUN pip install --no-cache-dir pipenv
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN pipenv requirements > requirements.txt \
    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends libodbc2 libodbccr2 libodbcinst2 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir pipenv
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pipenv requirements > requirements.txt \
    && pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "-m", "app"]
