FROM python:3.12-alpine
COPY requirements.txt /requirements.txt
RUN python -m venv /venv \
    && LIBRARY_PATH=/lib:/usr/lib /bin/sh -c "/venv/bin/pip install -r /requirements.txt" \
    && bash -ec 'pip install "gunicorn>=21" && pip install --no-cache-dir uvicorn'
RUN sh -c "pip install celery" && rm -rf ~/.cache/pip
CMD ["/venv/bin/python", "-m", "app"]
