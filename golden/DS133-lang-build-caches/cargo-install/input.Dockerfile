FROM rust:1.80
WORKDIR /usr/src/app
COPY . .
RUN cargo install --locked --path .
CMD ["app"]
