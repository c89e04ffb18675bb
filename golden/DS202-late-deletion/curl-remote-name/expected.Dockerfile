FROM python:3.12-slim
WORKDIR /srv
WORKDIR build
RUN curl -O https://files.example.org/wheels/bundle-0.9.tar.gz && pip install --no-cache-dir bundle-0.9.tar.gz && rm /srv/build/bundle-0.9.tar.gz
COPY app.py /srv/app.py
