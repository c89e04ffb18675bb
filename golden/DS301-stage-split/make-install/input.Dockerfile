FROM debian:bookworm
RUN apt-get update && apt-get install -y build-essential libssl-dev
COPY . /src
RUN cd /src && ./configure && make && make install
CMD ["/usr/local/bin/tool"]
