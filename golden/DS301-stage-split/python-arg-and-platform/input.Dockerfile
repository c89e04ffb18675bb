ARG PYTHON_VERSION=3.11-slim
FROM --platform=$TARGETPLATFORM python:${PYTHON_VERSION}
ARG EXTRA_INDEX
ENV PIP_EXTRA_INDEX_URL=$EXTRA_INDEX
RUN apt update && apt install -y libffi-dev libssl-dev
COPY requirements.txt /tmp/requirements.txt
RUN python -m pip install --no-cache-dir -r /tmp/requirements.txt
COPY src /app
CMD ["python", "/app/main.py"]
