FROM python:3.11-alpine3.18
COPY requirements.txt .
RUN apk add --no-cache g++ musl-dev linux-headers && pip install --no-cache-dir -r requirements.txt
CMD ["python", "-m", "app"]
