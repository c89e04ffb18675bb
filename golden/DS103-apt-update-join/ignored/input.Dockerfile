FROM debian:bookworm
# dockslim: ignore=DS103
RUN apt-get update
RUN apt-get install -y curl
