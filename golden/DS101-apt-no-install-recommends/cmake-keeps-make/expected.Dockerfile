# cmake only recommends gcc and make (and gcc libc6-dev): its Makefile generator needs make
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y cmake g++ gcc make libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -B build && make -C build && make -C build install
