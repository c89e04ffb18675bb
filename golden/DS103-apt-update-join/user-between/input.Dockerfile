FROM debian:bookworm
RUN apt-get update
USER app
RUN sudo apt-get install -y curl
