FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y git make
RUN git clone --depth 1 https://github.com/tj/n.git /opt/n && make -C /opt/n install
