FROM golang:1.22-bookworm AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/worker .

FROM debian:bookworm-slim
WORKDIR /src
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /usr/local/bin/worker /usr/local/bin/worker
CMD /usr/local/bin/worker --queue "${QUEUE:-default}"
