FROM python:3.11 AS builder
WORKDIR /app
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim AS runtime
WORKDIR /app
COPY requirements.txt requirements-test.txt ./
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels /wheels/*.whl
COPY . .
CMD ["python", "app.py"]

FROM runtime AS dev
RUN pip install --no-cache-dir -r requirements-test.txt

FROM runtime
