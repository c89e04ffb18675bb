FROM golang:1.22-bookworm@sha256:0000000000000000000000000000000000000000000000000000000000000000
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
ENTRYPOINT ["/usr/local/bin/app"]
