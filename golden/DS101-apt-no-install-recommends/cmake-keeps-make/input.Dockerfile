# cmake only recommends gcc and make: its Makefile generator needs make (g++ brings gcc and libc6-dev)
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y cmake g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -B build && make -C build && make -C build install
