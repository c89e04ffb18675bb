FROM python:3.12-alpine AS build
RUN apk add --no-cache gcc musl-dev postgresql-dev
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-alpine
RUN apk add --no-cache libpq
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index /wheels/*
