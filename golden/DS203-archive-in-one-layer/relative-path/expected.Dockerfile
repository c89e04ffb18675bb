FROM debian:bookworm
WORKDIR /opt
RUN curl -fsSL -o x.tgz https://example.org/x.tgz && tar -xzf x.tgz && rm -f /opt/x.tgz
