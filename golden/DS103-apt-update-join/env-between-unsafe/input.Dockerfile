FROM debian:bookworm
# refresh the package index
RUN apt-get update
ENV DEBIAN_FRONTEND=noninteractive
# install the time zone database
RUN apt-get install -y tzdata
