FROM debian:bookworm
# clean up
RUN apt-get update && \
    apt-get install -y make && \
    apt-get clean
WORKDIR /build
