FROM centos:7
RUN yum install -y epel-release && \
    # jq comes from EPEL
    yum install -y jq && \
    jq --version
