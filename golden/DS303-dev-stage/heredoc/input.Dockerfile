FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt requirements-dev.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN <<EOF
pip install --no-cache-dir -r requirements-dev.txt
EOF
CMD ["python", "app.py"]
