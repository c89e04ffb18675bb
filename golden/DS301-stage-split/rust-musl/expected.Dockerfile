FROM rust:1.79-bookworm AS builder
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM scratch
WORKDIR /usr/src/app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/src/app/target/x86_64-unknown-linux-musl/release/server /usr/src/app/target/x86_64-unknown-linux-musl/release/server
CMD ["/usr/src/app/target/x86_64-unknown-linux-musl/release/server"]
