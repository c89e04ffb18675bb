FROM debian:bookworm
RUN apt-get update
RUN apt-get update -o Dir::Etc::sourcelist="sources.list.d/docker.list" -o Dir::Etc::sourceparts="-" -o APT::Get::List-Cleanup="0" && apt-get install -y docker-ce curl
