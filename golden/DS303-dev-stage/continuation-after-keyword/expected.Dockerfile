FROM python:3.12-slim AS runtime
WORKDIR /srv
COPY requirements.txt .
RUN \
    pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "srv"]

FROM runtime AS dev
RUN pip install --no-cache-dir pytest pytest-cov

FROM runtime
