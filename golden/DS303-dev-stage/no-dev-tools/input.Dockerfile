FROM python:3.11-slim
RUN pip install --no-cache-dir gunicorn flask
CMD ["gunicorn", "app:app"]
