FROM debian:bookworm
RUN apt-get update && apt-get install -y cargo git
COPY . /src
RUN cargo install --path /src
