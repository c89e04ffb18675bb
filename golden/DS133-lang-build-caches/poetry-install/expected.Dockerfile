FROM python:3.12
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN pip install --no-cache-dir poetry==1.8.3
RUN poetry config virtualenvs.create false \
    && poetry install --no-interaction --no-root --only main \
    && rm -rf /root/.cache/pypoetry/cache /root/.cache/pypoetry/artifacts
COPY . .
CMD ["gunicorn", "shop.wsgi"]
