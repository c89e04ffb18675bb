FROM registry.example.com/base/debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/cache/apt/archives/*.deb
RUN apt-get update \
    && apt-get install -y --no-install-recommends less \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
