FROM debian:bookworm
RUN set -e; cd /opt; tar xf /tmp/tool.tar
RUN ./configure && make
