FROM python:3.11-slim AS base
RUN pip install --no-cache-dir flask

FROM base
COPY app.py /app/
CMD ["python", "/app/app.py"]
