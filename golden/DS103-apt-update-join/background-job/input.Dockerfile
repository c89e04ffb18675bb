FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y redis-server && redis-server --daemonize no & sleep 1
