FROM debian:bullseye AS build
WORKDIR /tmp
COPY . /tmp/src
RUN apt-get update && \
    apt-get install -y cmake g++ libboost-all-dev libsqlite3-dev && \
    cmake -S ./src -B ./build && \
    cmake --build ./build && cmake --install ./build --prefix /opt/tracker

FROM debian:bullseye
COPY --from=build /opt/tracker /opt/tracker
RUN apt-get update && \
    apt-get install -y libboost-system1.74.0 libsqlite3-0 && \
    rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/opt/tracker/bin/tracker"]
