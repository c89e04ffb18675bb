FROM almalinux:9
RUN dnf install -y procps-ng && dnf clean all && \
    dnf install -y which && \
    dnf clean all
CMD ["bash"]
