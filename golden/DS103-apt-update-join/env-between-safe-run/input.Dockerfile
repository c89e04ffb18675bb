FROM debian:bookworm
RUN apt-get update
ENV http_proxy=http://proxy.internal:3128
RUN apt-get install -y tzdata
