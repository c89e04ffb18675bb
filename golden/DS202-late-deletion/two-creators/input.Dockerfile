FROM debian:bookworm
RUN apt-get update && apt-get install -y wget
RUN wget -q -O /tmp/data.csv https://example.org/data.csv && ./load /tmp/data.csv
ARG VERSION=1
RUN rm -f /tmp/data.csv && \
    apt-get clean
