FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev
RUN pip install poetry
COPY pyproject.toml poetry.lock ./
RUN poetry config virtualenvs.create false && poetry install --only main
COPY . .
CMD ["python", "app.py"]
