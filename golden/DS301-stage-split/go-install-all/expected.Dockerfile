FROM golang:1.22-bookworm AS builder
WORKDIR /go/src/app
COPY . .
RUN go mod download && go install -v ./...

FROM debian:bookworm-slim
WORKDIR /go/src/app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /go/src/app/migrations /go/src/app/migrations
COPY --from=builder /go/bin/ /usr/local/bin/
CMD ["app"]
