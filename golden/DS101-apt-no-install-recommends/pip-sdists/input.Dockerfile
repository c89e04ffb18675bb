FROM debian:trixie
RUN apt-get update && apt-get install -y python3-pip
COPY requirements.txt .
RUN pip3 install --break-system-packages -r requirements.txt
