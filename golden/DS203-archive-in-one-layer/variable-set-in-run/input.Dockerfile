FROM debian:bookworm
RUN v=1.2.3; curl -fsSL -o /tmp/x.tgz "https://example.org/x-$v.tgz"
COPY config /etc/x/
RUN tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz
