FROM ghcr.io/example/build-image:3
RUN apt-get update \
    # compilers first
    && apt-get install -y --no-install-recommends \
        build-essential \
        # headers for the postgres driver
        libpq-dev \
    # then the runtime bits
    && apt-get -y install --no-install-recommends tini
