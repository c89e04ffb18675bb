FROM debian:bookworm
# we want the docs and the recommended tools here
# hadolint ignore=DL3015
RUN apt-get update && apt-get install -y man-db
