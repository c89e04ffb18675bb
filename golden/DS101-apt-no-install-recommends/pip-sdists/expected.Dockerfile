FROM debian:trixie
RUN apt-get update && apt-get install --no-install-recommends -y python3-pip build-essential python3-dev
COPY requirements.txt .
RUN pip3 install --break-system-packages -r requirements.txt
