FROM rust:1.79-bookworm
WORKDIR /usr/src/app
COPY . .
RUN cargo build
CMD ["./target/debug/server"]
