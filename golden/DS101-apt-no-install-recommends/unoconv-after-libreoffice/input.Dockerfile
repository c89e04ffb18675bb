FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libreoffice fonts-liberation2
RUN apt-get install -y unoconv && rm -rf /var/lib/apt/lists/*
