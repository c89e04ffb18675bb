FROM ubuntu:22.04
RUN set -eux; \
    curl -fsSL -o /tmp/driver.run https://downloads.example.com/driver/535.104.05/driver.run; \
    chmod +x /tmp/driver.run; \
    /tmp/driver.run --silent --no-kernel-module
