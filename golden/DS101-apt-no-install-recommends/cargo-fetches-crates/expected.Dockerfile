FROM debian:bookworm
RUN apt-get update && apt-get install --no-install-recommends -y cargo git ca-certificates openssh-client
COPY . /src
RUN cargo install --path /src
