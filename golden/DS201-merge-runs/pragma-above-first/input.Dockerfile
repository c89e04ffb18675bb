FROM debian:bookworm
# hadolint ignore=DL3059
RUN apt-get update && apt-get install -y build-essential
RUN make -C /src
