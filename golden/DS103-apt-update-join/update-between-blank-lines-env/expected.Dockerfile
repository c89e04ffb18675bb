FROM debian:bookworm

LABEL stage=tools
# the tools
RUN apt-get update && apt-get install -y --no-install-recommends make
