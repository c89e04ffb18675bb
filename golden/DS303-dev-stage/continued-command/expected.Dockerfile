FROM python:3.12-slim AS runtime
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt && \
    python -m compileall -q .
COPY . .
CMD ["gunicorn", "app.wsgi"]

FROM runtime AS dev
RUN pip install --no-cache-dir \
        --requirement requirements/test.txt

FROM runtime
