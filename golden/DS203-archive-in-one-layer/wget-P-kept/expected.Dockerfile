FROM ubuntu:22.04
RUN wget -q -P /tmp https://downloads.example.com/agent/agent-3.1.0.tar.gz \
    && tar -C /usr/local -xzf /tmp/agent-3.1.0.tar.gz \
    && rm -f /tmp/agent-3.1.0.tar.gz
CMD ["/usr/local/agent/bin/agent"]
