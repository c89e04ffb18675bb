FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl xz-utils
# fetch node
RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz
ENV PATH=/opt/node-v20.11.0-linux-x64/bin:$PATH
RUN tar -xJf /tmp/node.tar.xz -C /opt && rm /tmp/node.tar.xz
