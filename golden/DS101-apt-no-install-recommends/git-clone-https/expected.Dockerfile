FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y git make ca-certificates openssh-client
RUN git clone --depth 1 https://github.com/tj/n.git /opt/n && make -C /opt/n install
