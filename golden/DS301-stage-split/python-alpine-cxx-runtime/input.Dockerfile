FROM python:3.12-alpine3.20
WORKDIR /opt/svc
COPY requirements.txt .
RUN apk add --no-cache g++ musl-dev && pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "svc"]
