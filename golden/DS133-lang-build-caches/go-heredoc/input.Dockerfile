# syntax=docker/dockerfile:1
FROM golang:1.22
WORKDIR /src
COPY . .
RUN <<EOF
set -e
go test ./...
go build -o /usr/local/bin/worker ./cmd/worker
EOF
ENTRYPOINT ["/usr/local/bin/worker"]
