FROM python:latest AS app
RUN pip install --no-cache-dir flask
CMD ["flask", "run"]
