FROM rockylinux:9
RUN dnf install -y git && dnf clean all
RUN yum install -y make && rm -rf /var/cache/yum /var/cache/dnf
RUN zypper -n in vim && zypper cc -a
