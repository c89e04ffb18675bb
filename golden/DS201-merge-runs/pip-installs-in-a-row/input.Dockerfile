FROM python:3.12-slim
COPY requirements.txt requirements-extra.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir -r requirements-extra.txt
