FROM debian:bookworm-slim
RUN apt-get update && \
# compilers for the native extensions
    apt-get install -y --no-install-recommends gcc libc6-dev
COPY . /src
