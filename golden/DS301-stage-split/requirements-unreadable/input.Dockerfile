FROM python:3.11
WORKDIR /app
COPY requirements.txt .
COPY deps/extra.txt /tmp/extra.txt
RUN pip install --no-cache-dir -r requirements.txt -r /tmp/extra.txt
COPY . .
CMD ["python", "app.py"]
