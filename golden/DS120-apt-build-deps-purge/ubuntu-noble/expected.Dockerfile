FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-dev gcc libssl-dev libcurl4-openssl-dev python3 libssl3t64 libcurl4t64 && pip3 install --break-system-packages pycurl && apt-mark auto python3-dev gcc libssl-dev libcurl4-openssl-dev && apt-get autoremove -y --purge && rm -rf /var/lib/apt/lists/*
