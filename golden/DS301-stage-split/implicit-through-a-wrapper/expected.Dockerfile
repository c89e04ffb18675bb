FROM python:3.12-bookworm AS builder
WORKDIR /srv
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libcairo-gobject2 libcairo-script-interpreter2 libcairo2 libmariadb3 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["gunicorn", "-b", "0.0.0.0:8000", "invoices.app:app"]
