FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
ONBUILD RUN apt-get install -y --no-install-recommends $EXTRA_PACKAGES
