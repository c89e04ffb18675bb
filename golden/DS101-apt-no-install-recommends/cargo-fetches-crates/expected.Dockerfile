FROM debian:bookworm
RUN apt-get update && apt-get install --no-install-recommends -y cargo git ca-certificates
COPY . /src
RUN cargo install --path /src
