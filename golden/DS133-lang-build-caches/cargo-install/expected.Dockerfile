FROM rust:1.80
WORKDIR /usr/src/app
COPY . .
RUN cargo install --locked --path . && rm -rf /usr/local/cargo/registry /usr/local/cargo/git
CMD ["app"]
