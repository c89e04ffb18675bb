FROM python:3.12-alpine
RUN pip install --no-cache-dir flake8 black isort mypy
WORKDIR /code
