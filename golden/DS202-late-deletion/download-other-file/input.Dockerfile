FROM debian:bookworm-slim
WORKDIR /opt
RUN wget -q https://example.org/dist/tool-1.2.tar.gz && tar -xzf tool-1.2.tar.gz
RUN rm -f tool-1.2.tar.gz.asc
