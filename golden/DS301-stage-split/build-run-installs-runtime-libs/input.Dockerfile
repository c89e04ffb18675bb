FROM debian:bookworm
WORKDIR /src
COPY . .
RUN apt-get update && apt-get install -y build-essential libssl-dev && make
CMD ["./hello"]
