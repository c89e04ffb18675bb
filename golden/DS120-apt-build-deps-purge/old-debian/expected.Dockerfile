FROM python:3.9-slim-bullseye
RUN apt-get update && apt-get install -y gcc libffi-dev libffi7 && pip install cffi && apt-mark auto gcc libffi-dev && apt-get autoremove -y --purge
