FROM rockylinux:9
RUN dnf install -y sudo && useradd -m builder && echo 'builder ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/builder
USER builder
RUN sudo yum install -y git
