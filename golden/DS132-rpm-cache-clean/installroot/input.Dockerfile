FROM fedora:40 AS build
RUN dnf install -y --installroot /rootfs --releasever 40 --setopt=install_weak_deps=False bash coreutils
