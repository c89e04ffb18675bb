FROM registry.example.com/base/debian:12
RUN apt-get update && apt-get install -y --download-only nginx
RUN mkdir /debs && cp /var/cache/apt/archives/*.deb /debs/
