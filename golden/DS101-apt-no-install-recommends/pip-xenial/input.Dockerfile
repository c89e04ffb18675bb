FROM ubuntu:16.04
RUN apt-get update && apt-get install -y python-pip
RUN pip install uwsgi
