FROM ubuntu:22.04
WORKDIR /build
RUN curl -sSL https://example.org/protoc-25.1-linux-x86_64.zip -o /tmp/protoc.zip \
    && unzip -q /tmp/protoc.zip -d /usr/local \
    && rm -f /tmp/protoc.zip \
    && protoc --version
