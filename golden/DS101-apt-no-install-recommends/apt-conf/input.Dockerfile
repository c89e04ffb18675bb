FROM debian:bookworm AS base
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99no-recommends
FROM base
RUN apt-get update && apt-get install -y curl
