FROM debian:bookworm-slim
WORKDIR /opt/agent
RUN curl -fsSLO https://example.org/dist/agent-3.1.0.tar.gz
# the build network reaches the internet only through the proxy from here on
ENV https_proxy=http://proxy.internal:3128 no_proxy=localhost
RUN tar -xzf agent-3.1.0.tar.gz && rm agent-3.1.0.tar.gz
