FROM debian:bookworm
RUN apt-get update
LABEL org.opencontainers.image.source="https://example.org/app"
EXPOSE 8080
RUN apt-get install -y nginx
