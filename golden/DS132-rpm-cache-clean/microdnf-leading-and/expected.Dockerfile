FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils tar gzip \
    && microdnf update -y \
    && useradd -r app \
    && microdnf clean all
