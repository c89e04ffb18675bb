FROM debian:bookworm-slim
WORKDIR /tmp
RUN curl -O https://ziglang.org/download/0.11.0/zig-linux-x86_64-0.11.0.tar.xz \
    && tar -xJf zig-linux-x86_64-0.11.0.tar.xz -C /opt \
    && rm -f /tmp/zig-linux-x86_64-0.11.0.tar.xz
WORKDIR /src
