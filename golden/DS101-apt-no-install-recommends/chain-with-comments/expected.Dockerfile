FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
# toolchain for the native extensions
RUN apt-get update \
    # compilers first
    && apt-get install --no-install-recommends -y \
        build-essential \
        # headers for the postgres driver
        libpq-dev \
        pkg-config \

    # then the runtime bits
    && apt-get -y install --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
