FROM python:3.12-alpine
RUN apk add gcc musl-dev libffi-dev
COPY requirements.txt .
RUN pip install -r requirements.txt; python -c "import cffi"
