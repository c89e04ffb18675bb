FROM python:3.11-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl xz-utils && \
    rm -rf /var/lib/apt/lists/*
ENV PATH=/opt/node-v20.11.0-linux-x64/bin:$PATH
    # node for the assets
RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz && \
    tar -xJf /tmp/node.tar.xz -C /opt && rm /tmp/node.tar.xz
