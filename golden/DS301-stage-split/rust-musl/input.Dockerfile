FROM rust:1.79-bookworm
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl
CMD ["/usr/src/app/target/x86_64-unknown-linux-musl/release/server"]
