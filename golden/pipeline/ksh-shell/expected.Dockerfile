FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends ksh curl ca-certificates && rm -rf /var/lib/apt/lists/*
SHELL ["/bin/ksh", "-c"]
RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz && \
    tar -xzf /tmp/tool.tgz -C /opt && rm /tmp/tool.tgz
RUN pip install --no-cache-dir flask
