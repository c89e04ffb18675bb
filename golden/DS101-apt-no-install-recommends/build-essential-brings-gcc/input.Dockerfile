FROM debian:bookworm
RUN apt-get update && apt-get install -y build-essential cmake && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build && make -C /build
