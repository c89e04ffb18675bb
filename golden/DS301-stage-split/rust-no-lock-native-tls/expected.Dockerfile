FROM rust:1.82-bookworm AS builder
WORKDIR /build
COPY . .
RUN cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /build/target/release/fetcher /build/target/release/fetcher
ENTRYPOINT ["/build/target/release/fetcher"]
