FROM ubuntu:24.04
WORKDIR /var/tmp
RUN apt-get update \
    && wget -q https://packages.example.com/agent/agent_7.5.0_amd64.deb \
    && apt-get install -y --no-install-recommends ./agent_7.5.0_amd64.deb \
    && rm -rf /var/lib/apt/lists/*
