FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN \
    pip install --no-cache-dir -r requirements.txt && \
    pip install --no-cache-dir pytest pytest-cov
COPY . .
CMD ["python", "-m", "srv"]
