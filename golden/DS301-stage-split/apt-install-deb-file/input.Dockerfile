FROM python:3.11
WORKDIR /app
COPY vendor/libfoo-dev.deb /tmp/
RUN apt-get update && apt-get install -y gcc /tmp/libfoo-dev.deb
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
