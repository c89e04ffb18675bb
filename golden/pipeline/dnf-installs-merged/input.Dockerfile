FROM almalinux:9
RUN dnf install -y procps-ng && dnf clean all
RUN dnf install -y which
CMD ["bash"]
