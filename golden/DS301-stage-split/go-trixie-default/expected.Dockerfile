FROM golang:1.25 AS builder
WORKDIR /go/src/app
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -ldflags="-s -w" -o /usr/local/bin/api ./cmd/api

# golang:1.25 is built on Debian trixie: its binaries need trixie's C library
FROM debian:trixie-slim
WORKDIR /go/src/app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/api /usr/local/bin/api
EXPOSE 8080
CMD ["/usr/local/bin/api"]
