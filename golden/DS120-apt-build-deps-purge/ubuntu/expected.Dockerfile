FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3-pip python3-dev gcc libjpeg-dev python3 libjpeg-turbo8 && pip3 install Pillow && apt-mark auto python3-dev gcc libjpeg-dev && apt-get autoremove -y --purge
