FROM debian:bookworm
# keep the lists: the image is a base for interactive debugging
# dockslim: ignore=DS102
RUN apt-get update && apt-get install -y --no-install-recommends curl
