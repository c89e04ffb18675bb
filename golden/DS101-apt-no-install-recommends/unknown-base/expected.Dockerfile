FROM registry.example.com/team/base:1.4
RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates
RUN curl -fsSLO https://example.com/tool.tar.gz
