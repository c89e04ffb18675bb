FROM fedora:40
RUN dnf install -y gcc && dnf clean all
RUN dnf install -y make && dnf clean all
