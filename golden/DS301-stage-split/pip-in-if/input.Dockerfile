FROM python:3.11
WORKDIR /app
RUN apt-get update && apt-get install -y gcc libpq-dev
COPY requirements.txt .
RUN if [ -s requirements.txt ]; then pip install -r requirements.txt; fi
CMD ["python", "app.py"]
