FROM debian:bookworm
RUN apt-get update && \
    apt-get install -y make
WORKDIR /build
# clean up
RUN apt-get clean
