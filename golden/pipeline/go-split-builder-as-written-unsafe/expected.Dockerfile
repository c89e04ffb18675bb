FROM golang:1.23 AS builder
RUN apt-get update && apt-get install -y libpq-dev
WORKDIR /go/src/ledger
COPY . .
RUN go build -o /go/bin/ledger .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends -y libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /go/src/ledger
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /go/bin/ledger /go/bin/ledger
CMD ["/go/bin/ledger"]
