FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y libgdal-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN curl -fsSL -o /app/tiles.mbtiles https://tiles.example.com/world.mbtiles
CMD ["python", "main.py"]
