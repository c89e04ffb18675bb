FROM ubuntu:22.04
RUN apt-get update && apt-get install --no-install-recommends -y software-properties-common gpg-agent \
    && add-apt-repository -y ppa:deadsnakes/ppa \
    && rm -rf /var/lib/apt/lists/*
