FROM python:3.12 AS app
RUN pip install --no-cache-dir flask
CMD ["flask", "run"]
