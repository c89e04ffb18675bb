FROM fedora:40
RUN dnf install -y --downloadonly --destdir=/tmp/rpms gcc && dnf install -y make
RUN dnf install -y -C gcc
