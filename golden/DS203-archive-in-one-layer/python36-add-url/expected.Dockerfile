FROM python:3.6
RUN curl -fsSL -o /tmp/tool-linux-amd64.tar.gz https://github.com/example/tool/releases/download/v1.4.0/tool-linux-amd64.tar.gz && \
    tar -xzf /tmp/tool-linux-amd64.tar.gz -C /usr/local/bin tool && rm /tmp/tool-linux-amd64.tar.gz
