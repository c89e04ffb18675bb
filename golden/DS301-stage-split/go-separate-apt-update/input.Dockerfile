FROM golang:1.22-bookworm
RUN apt-get update
RUN apt-get install -y libsqlite3-dev
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/notes .
CMD ["/usr/local/bin/notes"]
