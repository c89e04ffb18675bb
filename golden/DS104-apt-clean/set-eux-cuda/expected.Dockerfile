FROM registry.example.com/ml/cuda-runtime:12.4.1-ubuntu22.04
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        python3 \
        python3-pip \
    ; \
    rm -rf /var/lib/apt/lists/*; \
    apt-get clean
