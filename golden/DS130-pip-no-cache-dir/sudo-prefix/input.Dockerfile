FROM debian:bookworm
RUN apt-get update && apt-get install -y python3-pip && \
    sudo -H PIP_INDEX_URL=https://example.org/simple pip3 install flask
