FROM debian:bookworm-slim
ADD rootfs.tar.gz /opt/rootfs/
RUN chown -R 1000:1000 /opt/rootfs
