FROM python:3.12-slim
RUN pip install poetry && rm -rf ~/.cache/pip && pip install gunicorn
RUN pip install flask && rm -rf /root/*
RUN export HOME=/tmp && pip install requests && rm -rf ~/.cache/pip
RUN PIP_CACHE_DIR=/var/pip pip install celery && rm -rf ~/.cache/pip
CMD ["gunicorn", "app:app"]
