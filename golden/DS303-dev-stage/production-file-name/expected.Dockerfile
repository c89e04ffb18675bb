FROM python:3.11-slim AS runtime
WORKDIR /app
COPY requirements.txt requirements-dev.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]

FROM runtime AS dev
RUN pip install --no-cache-dir -r requirements-dev.txt

FROM runtime
