FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install -U pip wheel && \
    pip install -r requirements.txt && \
    rm -rf ~/.cache/pip
RUN pip3 install gunicorn && rm -rf "$HOME/.cache"
RUN python -m pip install uvicorn; rm -rf /root/.cache/*
RUN pip install celery && pip cache purge
CMD ["gunicorn", "app:app"]
