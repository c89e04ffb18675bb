FROM python:3.12-slim
COPY . /opt/app
RUN pip install --no-cache-dir /opt/app && chown -R nobody /opt/app
