FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt
RUN wget -q https://example.org/dist/tool-1.2.tar.gz && tar -xzf tool-1.2.tar.gz && rm tool-1.2.tar.gz
ENV PATH=/opt/tool-1.2/bin:$PATH
