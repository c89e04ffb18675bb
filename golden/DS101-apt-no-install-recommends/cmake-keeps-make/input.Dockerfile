# cmake only recommends gcc and make (and gcc libc6-dev): its Makefile generator needs make
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y cmake g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -B build && make -C build && make -C build install
