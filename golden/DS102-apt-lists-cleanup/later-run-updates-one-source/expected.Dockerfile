FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates gnupg && rm -rf /var/lib/apt/lists/*
COPY docker.list /etc/apt/sources.list.d/docker.list
RUN apt-get update -o Dir::Etc::sourcelist="sources.list.d/docker.list" -o Dir::Etc::sourceparts="-" -o APT::Get::List-Cleanup="0" \
 && apt-get update && apt-get install -y --no-install-recommends docker-ce-cli git \
 && rm -rf /var/lib/apt/lists/*
