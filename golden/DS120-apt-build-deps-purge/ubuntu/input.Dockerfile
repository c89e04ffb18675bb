FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip python3-dev gcc libjpeg-dev && pip3 install Pillow
