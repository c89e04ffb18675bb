FROM python:3.12-alpine3.20 AS builder
WORKDIR /app
RUN apk add --no-cache gcc musl-dev openssl-dev libffi-dev
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-alpine3.20
WORKDIR /app
RUN apk add --no-cache libssl3 libcrypto3 libffi
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "app.py"]
