FROM python:3.11-slim
ARG DEV_TOOLS=pytest
RUN pip install --no-cache-dir pytest==$PYTEST_VERSION
CMD ["python", "app.py"]
