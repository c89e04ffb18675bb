FROM debian:bookworm AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/wordcount
COPY wordcount.cpp .
RUN g++ -std=c++17 -O2 -o wordcount wordcount.cpp

FROM debian:bookworm-slim
WORKDIR /opt/wordcount
COPY --from=builder /opt/wordcount/wordcount /opt/wordcount/wordcount
ENTRYPOINT ["./wordcount"]
