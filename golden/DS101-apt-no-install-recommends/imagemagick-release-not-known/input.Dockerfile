FROM ubuntu:latest
RUN apt-get update && apt-get install -y imagemagick && rm -rf /var/lib/apt/lists/*
CMD ["convert", "in.svg", "out.png"]
