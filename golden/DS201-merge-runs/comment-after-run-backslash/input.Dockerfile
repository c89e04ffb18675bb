FROM debian:bookworm-slim
RUN apt-get update
RUN \
    # the toolchain for the native modules
    apt-get install -y --no-install-recommends gcc make
