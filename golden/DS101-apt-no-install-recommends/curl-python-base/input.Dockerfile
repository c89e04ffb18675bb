FROM python:3.11
RUN apt-get update && apt-get install -y curl \
    && curl -sSL https://install.python-poetry.org | python3 -
