FROM python:3.12-slim-bookworm AS wheels
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ libboost-python-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-bookworm
COPY --from=wheels /wheels /wheels
RUN pip install --no-index /wheels/*.whl && rm -rf /wheels
CMD ["python", "-m", "geoserve"]
