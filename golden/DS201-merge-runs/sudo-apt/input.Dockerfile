FROM ubuntu:22.04
USER builder
RUN sudo apt update
RUN sudo DEBIAN_FRONTEND=noninteractive apt install -qqy make
