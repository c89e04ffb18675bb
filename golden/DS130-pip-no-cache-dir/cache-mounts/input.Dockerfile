FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && \
    # the application's dependencies
    pip install -r requirements.txt
