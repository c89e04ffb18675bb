FROM rockylinux:9
RUN yum install -y git; exit 0
