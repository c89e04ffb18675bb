FROM debian:bookworm

# the tools
RUN apt-get update

LABEL stage=tools
RUN apt-get install -y --no-install-recommends make
