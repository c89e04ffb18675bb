FROM golang:1.22-bookworm AS builder
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum main.go ./
RUN go build -ldflags "-s -w -X main.version=${VERSION}" -o /usr/local/bin/api .

FROM debian:bookworm-slim
ARG VERSION=dev
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/api /usr/local/bin/api
ENTRYPOINT ["/usr/local/bin/api"]
