FROM python:3.11
RUN python3 -m pip install --no-cache-dir --upgrade pip setuptools && \
    python -m pip install --no-cache-dir "django<5"
