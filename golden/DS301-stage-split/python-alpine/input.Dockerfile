FROM python:3.11-alpine3.19
WORKDIR /app
RUN apk add --no-cache build-base postgresql-dev libffi-dev tzdata
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "app.py"]
