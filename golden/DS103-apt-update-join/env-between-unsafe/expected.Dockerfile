FROM debian:bookworm
ENV DEBIAN_FRONTEND=noninteractive
# refresh the package index
# install the time zone database
RUN apt-get update && apt-get install -y tzdata
