FROM debian:bookworm
RUN apt-get update \
    # Acquire::Retries helps on the flaky CI mirror
    -o Acquire::Retries=3
RUN apt-get install -y curl
