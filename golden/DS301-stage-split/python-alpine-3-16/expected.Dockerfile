FROM python:3.10-alpine3.16 AS builder
WORKDIR /app
RUN apk add --no-cache gcc musl-dev openssl-dev libffi-dev
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.10-alpine3.16
WORKDIR /app
RUN apk add --no-cache libssl1.1 libcrypto1.1 libffi
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "app.py"]
