FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN ["apt-get", "install", "-y", "jq"]
