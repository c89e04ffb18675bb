FROM python:3.11
RUN apt-get update && apt-get install -y gcc libpq-dev
RUN ["pip", "install", "-r", "requirements.txt"]
CMD ["python", "app.py"]
