FROM debian:bookworm
LABEL org.opencontainers.image.source="https://example.org/app"
EXPOSE 8080
RUN apt-get update && apt-get install -y nginx
