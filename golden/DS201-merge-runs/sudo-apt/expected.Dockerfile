FROM ubuntu:22.04
USER builder
RUN sudo apt update && \
    sudo DEBIAN_FRONTEND=noninteractive apt install -qqy make
