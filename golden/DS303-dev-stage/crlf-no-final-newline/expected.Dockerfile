FROM python:3.11-slim AS runtime
RUN pip install --no-cache-dir flask
CMD ["flask", "run"]

FROM runtime AS dev
RUN pip install --no-cache-dir pytest pytest-mock

FROM runtime
