FROM rust:1.79-bookworm AS builder
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
WORKDIR /usr/src/app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/src/app/Rocket.toml /usr/src/app/Rocket.toml
COPY --from=builder /usr/src/app/templates /usr/src/app/templates
COPY --from=builder /usr/src/app/target/release/server /usr/src/app/target/release/server
EXPOSE 3000
CMD ["./target/release/server"]
