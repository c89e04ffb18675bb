FROM ubuntu:22.04
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        && \
    rm -rf /var/lib/apt/lists/* && \
    mkdir -p /opt/schema && \
    ( \
        cd /opt/schema && \
        curl -fsSLO https://example.org/schema-tool.tar.gz && \
    true )
RUN tar -xzf /opt/schema/schema-tool.tar.gz -C /opt/schema && \
    rm -f /opt/schema/schema-tool.tar.gz
RUN /opt/schema/bin/schema --version
