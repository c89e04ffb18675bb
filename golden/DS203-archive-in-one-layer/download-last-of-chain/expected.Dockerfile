FROM debian:bookworm-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl ca-certificates
COPY values.yaml /etc/helm/
RUN curl -fsSL -o /tmp/helm.tgz https://get.helm.sh/helm-v3.14.2-linux-amd64.tar.gz && \
    tar -xzf /tmp/helm.tgz -C /tmp && \
    mv /tmp/linux-amd64/helm /usr/local/bin/helm && \
    rm -rf /tmp/helm.tgz /tmp/linux-amd64
