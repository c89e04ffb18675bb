FROM debian:bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/wordcount
COPY wordcount.cpp .
RUN g++ -std=c++17 -O2 -o wordcount wordcount.cpp
ENTRYPOINT ["./wordcount"]
