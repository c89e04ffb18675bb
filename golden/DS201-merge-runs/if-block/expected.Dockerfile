FROM python:3.12-slim
RUN pip install -r /tmp/requirements.txt && \
    { if [ -f /tmp/constraints.txt ]; then \
        pip install -c /tmp/constraints.txt gunicorn; \
    else \
        pip install gunicorn; \
    fi; \
    pip cache purge; }
