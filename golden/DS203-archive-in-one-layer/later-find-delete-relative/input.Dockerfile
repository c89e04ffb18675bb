FROM debian:bookworm-slim
WORKDIR /tmp
RUN wget -q https://example.org/dist/tool-1.2.tar.gz && tar -xzf tool-1.2.tar.gz -C /opt
COPY entrypoint.sh /usr/local/bin/
RUN find . -maxdepth 1 -name '*.tar.gz' -delete
