FROM python:3.11 AS tests
RUN pip install pytest
FROM python:3.11
RUN pip install --no-cache-dir --no-index --find-links=/opt/wheels flask
CMD ["flask", "run"]
