FROM python:3.12-slim
RUN pip install poetry && rm -rf ~/.cache/pip && pip install --no-cache-dir gunicorn
RUN pip install --no-cache-dir flask && rm -rf /root/*
RUN export HOME=/tmp && pip install --no-cache-dir requests && rm -rf ~/.cache/pip
RUN PIP_CACHE_DIR=/var/pip pip install --no-cache-dir celery && rm -rf ~/.cache/pip
CMD ["gunicorn", "app:app"]
