FROM python:3.11
RUN apt-get update && apt-get install -y gcc libffi-dev
COPY . /app
RUN pip install -r /app/requirements.txt
CMD ["make", "-C", "/app", "serve"]
