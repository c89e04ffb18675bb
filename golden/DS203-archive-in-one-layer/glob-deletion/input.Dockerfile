FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/node-v20.11.0-linux-x64.tar.xz https://nodejs.org/dist/v20.11.0/node-v20.11.0-linux-x64.tar.xz \
    && tar -xJf /tmp/node-v20.11.0-linux-x64.tar.xz -C /usr/local --strip-components=1 \
    && rm -rf /tmp/*.tar.xz
