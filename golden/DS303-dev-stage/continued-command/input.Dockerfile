FROM python:3.12-slim
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt && \
    pip install --no-cache-dir \
        --requirement requirements/test.txt && \
    python -m compileall -q .
COPY . .
CMD ["gunicorn", "app.wsgi"]
