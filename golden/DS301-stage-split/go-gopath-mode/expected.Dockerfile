FROM golang:1.22-bookworm AS builder
ENV GO111MODULE=auto
WORKDIR /go/src/github.com/acme/legacy
COPY . .
RUN go get -d -v ./...
RUN go install -v

FROM debian:bookworm-slim
ENV GO111MODULE=auto
WORKDIR /go/src/github.com/acme/legacy
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /go/src/github.com/acme/legacy/views /go/src/github.com/acme/legacy/views
COPY --from=builder /go/bin/legacy /usr/local/bin/legacy
CMD ["legacy"]
