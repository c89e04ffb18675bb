FROM rockylinux:9
RUN set -e; if command -v microdnf; then microdnf install -y git; else dnf install -y git; fi
