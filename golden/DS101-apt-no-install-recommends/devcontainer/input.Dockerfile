FROM debian:bookworm
RUN apt-get update && apt-get install -y git build-essential cmake gdb \
    && rm -rf /var/lib/apt/lists/*
RUN git config --system init.defaultBranch main
