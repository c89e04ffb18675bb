FROM python:3.12-alpine
COPY requirements.txt requirements-extra.txt ./
RUN apk add --no-cache gcc musl-dev libffi-dev && pip install --no-cache-dir -r requirements.txt
COPY . .
RUN pip install --no-cache-dir -r requirements-extra.txt
