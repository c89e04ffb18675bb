FROM python:3.12
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir poetry && poetry install --no-cache --no-root
CMD ["poetry", "run", "python", "-m", "app"]
