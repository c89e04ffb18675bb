FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN curl -fsSL -o /app/model.bin https://models.example.com/model.bin
CMD ["python", "main.py"]
