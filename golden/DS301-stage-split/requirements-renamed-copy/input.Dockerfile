FROM python:3.11
WORKDIR /srv/app
COPY requirements/prod.txt /tmp/req.txt
RUN pip install --no-cache-dir -r /tmp/req.txt
COPY . .
CMD ["python", "app.py"]
