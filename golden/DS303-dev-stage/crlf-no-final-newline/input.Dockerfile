FROM python:3.11-slim
RUN pip install --no-cache-dir flask
RUN pip install --no-cache-dir pytest pytest-mock
CMD ["flask", "run"]