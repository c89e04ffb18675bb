FROM python:3.12-alpine3.20 AS builder
WORKDIR /opt/svc
COPY requirements.txt .
RUN apk add --no-cache g++ musl-dev && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.12-alpine3.20
WORKDIR /opt/svc
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels apk add --no-cache libstdc++ libgcc && pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "-m", "svc"]
