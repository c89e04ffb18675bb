FROM ubuntu:22.04
RUN apt-get update && apt-get install --no-install-recommends -y wget xz-utils ca-certificates
RUN wget -q https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz \
    && tar -xJf node-v20.11.0-linux-x64.tar.xz -C /opt
