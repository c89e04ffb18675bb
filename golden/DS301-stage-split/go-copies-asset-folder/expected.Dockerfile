FROM golang:1.22-bookworm AS builder
WORKDIR /app
COPY go.mod go.sum ./
RUN go mod download
COPY *.go ./
COPY templates ./templates
COPY static/ ./public/
COPY app.toml .
RUN go build -o /usr/local/bin/shop

FROM debian:bookworm-slim
WORKDIR /app
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /app/app.toml /app/app.toml
COPY --from=builder /app/public /app/public
COPY --from=builder /app/templates /app/templates
COPY --from=builder /usr/local/bin/shop /usr/local/bin/shop
CMD ["shop"]
