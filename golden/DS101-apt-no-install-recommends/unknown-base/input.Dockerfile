FROM registry.example.com/team/base:1.4
RUN apt-get update && apt-get install -y curl
RUN curl -fsSLO https://example.com/tool.tar.gz
