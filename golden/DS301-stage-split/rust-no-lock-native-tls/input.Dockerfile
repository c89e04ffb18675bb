FROM rust:1.82-bookworm
WORKDIR /build
COPY . .
RUN cargo build --release
ENTRYPOINT ["/build/target/release/fetcher"]
