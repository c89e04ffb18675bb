FROM python:3.11-slim
COPY requirements.txt requirements-dev.txt ./
RUN pip install --no-cache-dir -r requirements.txt -r requirements-dev.txt
CMD ["python", "app.py"]
