FROM python:3.11
RUN python3 -m pip install --upgrade pip setuptools && \
    python -m pip install "django<5"
