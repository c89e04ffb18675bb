FROM debian:bookworm
RUN apt-get update
COPY packages.txt /tmp/
RUN xargs apt-get install -y < /tmp/packages.txt
RUN rm -rf /var/lib/apt/lists/*
