FROM debian:bookworm
RUN apt-get update # refresh the lists
RUN apt-get install -y curl
