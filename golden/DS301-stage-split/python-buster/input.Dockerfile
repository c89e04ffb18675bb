FROM python:3.8-slim-buster
RUN apt-get update && apt-get install -y gcc libffi-dev libreadline-dev
COPY requirements.txt /tmp/
RUN pip install -r /tmp/requirements.txt
COPY shell.py /usr/local/bin/
CMD ["python", "/usr/local/bin/shell.py"]
