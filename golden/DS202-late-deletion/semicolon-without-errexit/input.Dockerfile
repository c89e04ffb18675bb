FROM python:3.12-slim
RUN pip install flask
COPY . /app
RUN python -m compileall /app; pip cache purge
