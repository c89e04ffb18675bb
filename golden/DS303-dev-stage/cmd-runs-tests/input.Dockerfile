FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends firefox-esr && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.txt requirements-test.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir -r requirements-test.txt
COPY . .
CMD ["python", "-m", "pytest", "-x", "tests/"]
