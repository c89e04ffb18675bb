FROM python:3.11-slim
ARG PYTEST_VERSION=8.3.3
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir pytest==$PYTEST_VERSION
CMD ["python", "app.py"]
