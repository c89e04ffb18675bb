FROM python:3.6
ADD https://github.com/example/tool/releases/download/v1.4.0/tool-linux-amd64.tar.gz /tmp/
RUN tar -xzf /tmp/tool-linux-amd64.tar.gz -C /usr/local/bin tool && rm /tmp/tool-linux-amd64.tar.gz
