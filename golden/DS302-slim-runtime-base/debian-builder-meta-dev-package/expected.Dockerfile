FROM debian:bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends g++ make libboost-all-dev libssl-dev
WORKDIR /src
COPY . .
RUN make && make install PREFIX=/opt/indexer

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libboost-program-options1.74.0 libssl3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/indexer /opt/indexer
ENTRYPOINT ["/opt/indexer/bin/indexer"]
