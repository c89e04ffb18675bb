FROM debian:bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
        git \
        openssh-client && \
    git config --system init.defaultBranch main
