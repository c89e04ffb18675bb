FROM python:3.12-alpine3.20
WORKDIR /app
RUN apk add --no-cache gcc musl-dev openssl-dev libffi-dev
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
