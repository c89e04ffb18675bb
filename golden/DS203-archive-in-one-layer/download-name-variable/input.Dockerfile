FROM debian:bookworm-slim
ARG NODE_VERSION=20.11.0
WORKDIR /tmp
RUN curl -fsSLO "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz"
RUN tar -xJf node-v20.11.0-linux-x64.tar.xz -C /usr/local --strip-components=1 && rm node-v20.11.0-linux-x64.tar.xz
