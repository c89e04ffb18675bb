FROM python:3.12-alpine
RUN apk add --no-cache gcc musl-dev postgresql-dev
USER app
COPY requirements.txt .
RUN pip install --user -r requirements.txt
