FROM debian:bookworm
RUN apt-get update && apt-get install -y wget && apt-get clean
RUN wget -q -O /tmp/data.csv https://example.org/data.csv && ./load /tmp/data.csv && rm -f /tmp/data.csv
ARG VERSION=1
