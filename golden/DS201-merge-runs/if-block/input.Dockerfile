FROM python:3.12-slim
RUN pip install --no-cache-dir -r /tmp/requirements.txt
RUN if [ -f /tmp/constraints.txt ]; then \
        pip install --no-cache-dir -c /tmp/constraints.txt gunicorn; \
    else \
        pip install --no-cache-dir gunicorn; \
    fi; \
    gunicorn --version
