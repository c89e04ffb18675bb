FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --no-install-recommends -y imagemagick ghostscript libmagickcore-6.q16-6-extra \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /work
ENTRYPOINT ["convert"]
