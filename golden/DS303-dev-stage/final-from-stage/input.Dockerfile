FROM python:3.11-slim AS base
RUN pip install --no-cache-dir flask
FROM base
RUN pip install --no-cache-dir pytest
CMD ["pytest"]
