FROM debian:bookworm-slim
RUN apt-get update && \
    # the toolchain for the native modules
    apt-get install -y --no-install-recommends gcc make
