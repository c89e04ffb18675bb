FROM fedora:40
RUN dnf install -y gcc && dnf clean all && \
    dnf install -y make && dnf clean all
