FROM debian:bookworm-slim
ARG BUILD_DIR=/tmp/build
WORKDIR ${BUILD_DIR}
RUN wget -q https://example.org/dist/tool-1.2.tar.gz && tar -xzf tool-1.2.tar.gz
