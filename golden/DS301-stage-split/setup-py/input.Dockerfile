FROM python:3.11-slim
RUN apt-get update && apt-get install -y gcc
COPY . /app
RUN cd /app && python setup.py install
CMD ["app"]
