FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-dev gcc libssl-dev libcurl4-openssl-dev && pip3 install --break-system-packages pycurl && rm -rf /var/lib/apt/lists/*
