FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl xz-utils \
    && rm -rf /var/lib/apt/lists/*
RUN cd /usr/local/src && curl -LO https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz \
    && tar -xJf node-v20.11.0-linux-x64.tar.xz -C /usr/local --strip-components=1
RUN cd /usr/local/src && rm node-v20.11.0-linux-x64.tar.xz
