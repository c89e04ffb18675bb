FROM python:3.11 AS builder
WORKDIR /app
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11
RUN apt-get update && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g libfreetype6 liblcms2-2 libsharpyuv0 libwebp7 libwebpdecoder3 libwebpdemux2 libwebpmux3 libtiff6 libtiffxx6 libopenjp2-7 libxcb1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
CMD ["python", "app.py"]
