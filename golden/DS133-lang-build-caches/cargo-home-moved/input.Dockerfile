FROM rust:1.80
ENV CARGO_HOME=/cargo
WORKDIR /src
COPY . .
RUN cargo build --release
CMD ["/src/target/release/app"]
