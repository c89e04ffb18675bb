# escape=`
FROM almalinux:9
RUN dnf install -y procps-ng `
    && dnf clean packages `
    && echo done
RUN dnf install -y which `
    && echo done `
    && dnf clean all
