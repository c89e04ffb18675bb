FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake ninja-build git \
    && rm -rf /var/lib/apt/lists/*
COPY . /workspace
RUN cmake -S /workspace -B /workspace/build -G Ninja && cmake --build /workspace/build
