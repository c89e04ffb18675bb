FROM debian:bookworm
RUN apt-get update && apt-get install -y build-essential
# keep the toolchain layer cacheable on its own
# dockslim: ignore=DS201
RUN make -C /src
