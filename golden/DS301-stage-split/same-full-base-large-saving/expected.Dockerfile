FROM python:3.11-bookworm AS builder
RUN apt-get update && apt-get install -y libgdal-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y libgdal32 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels pip install --no-index --find-links=/wheels --no-cache-dir /wheels/*.whl
COPY . .
RUN curl -fsSL -o /app/tiles.mbtiles https://tiles.example.com/world.mbtiles
CMD ["python", "main.py"]
