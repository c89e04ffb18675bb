FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    # compilers first
    && apt-get install -y --no-install-recommends \
        build-essential \
        # headers for the postgres driver
        libpq-dev \
    # then the runtime bits
    && apt-get -y install --no-install-recommends tini
