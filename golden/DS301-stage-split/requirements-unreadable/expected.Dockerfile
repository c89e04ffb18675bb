FROM python:3.11 AS builder
WORKDIR /app
COPY requirements.txt .
COPY deps/extra.txt /tmp/extra.txt
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt -r /tmp/extra.txt

FROM python:3.11
WORKDIR /app
COPY requirements.txt .
COPY deps/extra.txt /tmp/extra.txt
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "app.py"]
