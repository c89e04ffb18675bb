FROM debian:bookworm
COPY app /app
RUN rm -rf /usr/share/doc/* /usr/share/man/*
