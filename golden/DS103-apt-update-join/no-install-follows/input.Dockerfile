FROM debian:bookworm AS base
RUN apt-get update
RUN echo "no apt here"

FROM base
RUN apt-get update
