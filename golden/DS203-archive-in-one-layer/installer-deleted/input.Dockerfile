FROM debian:bookworm-slim
RUN wget -qO /tmp/conda.sh https://repo.example.org/miniconda/Miniconda3-py311_24.1.2-0-Linux-x86_64.sh \
    && bash /tmp/conda.sh -b -p /opt/conda \
    && rm /tmp/conda.sh
