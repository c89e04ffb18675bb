FROM python:3.12-slim
RUN pip install poetry && rm -rf /root/.cache/pip && pip install gunicorn
CMD ["gunicorn", "app:app"]
