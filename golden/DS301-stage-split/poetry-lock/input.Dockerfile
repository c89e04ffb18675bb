FROM python:3.11
ENV POETRY_VERSION=1.8.3
WORKDIR /code
RUN pip install --no-cache-dir "poetry==$POETRY_VERSION" poetry-plugin-export
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml poetry.lock ./
RUN poetry export --without-hashes -f requirements.txt -o requirements.txt \
    && pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "service"]
