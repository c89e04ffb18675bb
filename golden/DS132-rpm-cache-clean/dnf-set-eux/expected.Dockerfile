FROM fedora:40
RUN set -eux; \
    dnf -y install gcc make; \
    # the node module stream
    dnf -y module enable nodejs:20; \
    dnf -y install nodejs; \
    dnf clean all
