FROM ubuntu:22.04
RUN wget -nv -P /usr/src https://downloads.example.com/agent/agent-3.1.0.tar.gz \
    && tar -C /usr/local -xzf /usr/src/agent-3.1.0.tar.gz \
    && rm -f /usr/src/agent-3.1.0.tar.gz
LABEL org.opencontainers.image.title=agent
