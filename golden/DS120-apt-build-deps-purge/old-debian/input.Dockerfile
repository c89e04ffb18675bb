FROM python:3.9-slim-bullseye
RUN apt-get update && apt-get install -y gcc libffi-dev && pip install cffi
