FROM debian:bookworm
RUN apt-get update && apt-get install -y python3-pip
RUN pip3 install --break-system-packages --only-binary :all: requests
