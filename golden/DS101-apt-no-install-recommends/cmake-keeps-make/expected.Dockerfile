# cmake only recommends gcc and make: its Makefile generator needs make (g++ brings gcc and libc6-dev)
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y cmake g++ make && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -B build && make -C build && make -C build install
