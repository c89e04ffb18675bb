FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends wget ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /tmp
RUN wget -q https://repo.example.org/miniconda/Miniforge3-24.3.0-0-Linux-x86_64.sh && \
    bash Miniforge3-24.3.0-0-Linux-x86_64.sh -b -p /opt/conda && \
    rm -f /tmp/Miniforge3-24.3.0-0-Linux-x86_64.sh
ENV PATH=/opt/conda/bin:$PATH
