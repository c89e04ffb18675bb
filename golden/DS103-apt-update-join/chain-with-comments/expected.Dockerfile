FROM ubuntu:22.04
# refresh the package index

# toolchain for the native extensions
RUN apt-get update -q && apt-get install -y --no-install-recommends \
        build-essential \
        # headers for the postgres driver
        libpq-dev \
    # the runtime bits
    && apt-get -y install --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
