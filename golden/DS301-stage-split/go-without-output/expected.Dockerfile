FROM golang:1.22-bookworm AS builder
WORKDIR /src
COPY . .
RUN go build ./cmd/app

FROM debian:bookworm-slim
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /src/app /src/app
ENTRYPOINT ["/src/app"]
