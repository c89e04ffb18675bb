FROM debian:bookworm
RUN apt-get update && apt-get install -y curl

# clean up
RUN rm -rf /var/lib/apt/lists/*
COPY . /app
